/* ticket_search: the tickets' search text, made by the writers and the backfill, and a
 * typed search made into what the index is asked. */
#include "ticket/ticket_search.h"

#include <stdlib.h>
#include <string.h>

#include "ai/search_terms.h"
#include "ai/tokenize.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/vec.h"
#include "db/db.h"

/* Tickets made searchable per transaction by the backfill: short locks on a live desk. */
#define REINDEX_BATCH 200
_Static_assert(AI_SEARCH_MAX_WORDS == DB_TICKETS_SEARCH_WORDS, "a search's words fit");
_Static_assert(REINDEX_BATCH <= DB_TICKETS_SET_SEARCH_MAX, "one UPDATE per batch");

/* The text of one ticket, appended to b. */
static int ticket_text(struct ai_tokenizer *t, const char *subject, const char *body,
                       const char *name, const char *email, const char *answer, struct buf *b)
{
    size_t ls = strlen(subject);
    /* A space first: every term stands between two (db_tickets_search_text). */
    if (buf_putc(b, ' ') || ai_search_index(t, subject, ls, AI_SEARCH_TEXT, b) ||
        ai_search_index(t, subject, ls, AI_SEARCH_TEXT, b) ||
        ai_search_index(t, body, strlen(body), AI_SEARCH_TEXT, b))
        return -1;
    if (name && ai_search_index(t, name, strlen(name), AI_SEARCH_NAME, b))
        return -1;
    if (email &&
        (ai_search_index(t, email, strlen(email), AI_SEARCH_NAME, b) || ai_search_email(email, b)))
        return -1;
    if (answer && ai_search_index(t, answer, strlen(answer), AI_SEARCH_TEXT, b))
        return -1;
    return 0;
}

/* b's contents as an arena string; 503 when memory ran out on the way. */
static int take(struct arena *a, struct buf *b, int rc, const char **out, struct app_err *err)
{
    *out = rc == 0 && !b->failed ? arena_strndup(a, buf_str(b), b->len) : NULL;
    buf_cleanup(b);
    return *out ? 0 : err_unavailable(err, "out of memory");
}

int ticket_search_text(struct arena *a, const char *subject, const char *body, const char *name,
                       const char *email, const char *answer, const char **out, struct app_err *err)
{
    struct ai_tokenizer t;
    struct buf b;
    buf_init(&b);
    int rc = ai_tokenizer_init(&t) ? -1 : ticket_text(&t, subject, body, name, email, answer, &b);
    ai_tokenizer_cleanup(&t);
    return take(a, &b, rc, out, err);
}

int ticket_search_message(struct arena *a, const char *body, bool note, const char **out,
                          struct app_err *err)
{
    struct ai_tokenizer t;
    struct buf b;
    buf_init(&b);
    int rc = ai_tokenizer_init(&t) ? -1
                                   : ai_search_index(&t, body, strlen(body),
                                                     note ? AI_SEARCH_NOTE : AI_SEARCH_TEXT, &b);
    ai_tokenizer_cleanup(&t);
    return take(a, &b, rc, out, err);
}

int ticket_search_parse(struct arena *a, const char *q, bool staff, struct ticket_search *s,
                        bool *empty, struct app_err *err)
{
    struct ai_tokenizer t;
    struct ai_search_query parsed = {.ticket_id = 0};
    *s = (struct ticket_search){.ticket_id = 0};
    int rc = ai_tokenizer_init(&t) ? -1 : ai_search_query(&t, q, &parsed);
    ai_tokenizer_cleanup(&t);
    s->ticket_id = parsed.ticket_id;
    for (int i = 0; rc == 0 && i < parsed.nwords; i++) {
        const char *term = parsed.term[i];
        s->word[i][0] = arena_printf(a, " %s ", term);
        s->word[i][1] =
            staff ? arena_printf(a, " %s%c ", term, AI_SEARCH_NOTE_MARK) : s->word[i][0];
        s->term[i] = arena_strdup(a, term);
        if (!s->word[i][0] || !s->word[i][1] || !s->term[i])
            rc = -1;
    }
    if (rc)
        return err_unavailable(err, "out of memory");
    s->nwords = parsed.nwords;
    *empty = s->nwords == 0 && s->ticket_id == 0;
    return 0;
}

/* Index rows being gathered (malloc'ed: the caller frees v). */
struct term_rows {
    struct db_ticket_term *v;
    size_t n, cap;
};

/* The index rows of ticket id's text, appended to r. */
static int postings(struct arena *a, long long id, const char *text, struct term_rows *r,
                    struct app_err *err)
{
    struct ai_search_posting *p = NULL;
    int k = 0;
    if (ai_search_postings(a, text, strlen(text), &p, &k) ||
        VEC_RESERVE(r->v, r->cap, r->n + (size_t)k))
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < k; i++)
        r->v[r->n++] = (struct db_ticket_term){id, p[i].term, p[i].len, p[i].hits, p[i].note_hits};
    return 0;
}

int ticket_search_store(struct arena *a, long long ticket_id, const char *text, struct app_err *err)
{
    struct term_rows r = {NULL, 0, 0};
    if (!text)
        return 0;
    int rc =
        postings(a, ticket_id, text, &r, err) || db_ticket_terms_add(r.v, (int)r.n, err) ? -1 : 0;
    free(r.v);
    return rc;
}

/* One batch of the backfill: each ticket's text in its own buffer. */
struct batch {
    struct ai_tokenizer *t;
    struct ticket_unindexed *rows;
    struct buf *text;
    bool *answer_seen;
    int n;
};

static int by_ticket(const void *key, const void *row)
{
    long long id = *(const long long *)key, other = ((const struct ticket_unindexed *)row)->id;
    return (id > other) - (id < other);
}

static int add_message(void *ctx, long long ticket_id, const char *body, bool internal,
                       struct app_err *err)
{
    struct batch *b = ctx;
    const struct ticket_unindexed *r =
        bsearch(&ticket_id, b->rows, (size_t)b->n, sizeof *b->rows, by_ticket);
    if (!r) /* a ticket between two of the batch that has its text already */
        return 0;
    size_t i = (size_t)(r - b->rows);
    /* An agent's resolving reply is both the answer and a message: counted once. */
    if (!internal && r->answer && strcmp(r->answer, body) == 0)
        b->answer_seen[i] = true;
    if (ai_search_index(b->t, body, strlen(body), internal ? AI_SEARCH_NOTE : AI_SEARCH_TEXT,
                        &b->text[i]))
        return err_unavailable(err, "out of memory");
    return 0;
}

/* Index one batch after `*after` inside a transaction; *n = 0 when none is left. */
static int reindex_batch(struct arena *a, struct ai_tokenizer *t, long long *after, int *n,
                         struct app_err *err)
{
    struct batch b = {t, NULL, NULL, NULL, 0};
    if (db_begin(err) || db_tickets_unindexed(a, *after, REINDEX_BATCH, &b.rows, &b.n, err))
        return -1;
    *n = b.n;
    if (b.n == 0)
        return db_commit(err);
    b.text = arena_calloc(a, (size_t)b.n, sizeof *b.text);
    b.answer_seen = arena_calloc(a, (size_t)b.n, sizeof *b.answer_seen);
    if (!b.text || !b.answer_seen)
        return err_unavailable(err, "out of memory");
    int rc = 0;
    for (int i = 0; i < b.n && rc == 0; i++) {
        const struct ticket_unindexed *r = &b.rows[i];
        buf_init(&b.text[i]);
        if (ticket_text(t, r->subject, r->body, r->name, r->email, NULL, &b.text[i]))
            rc = err_unavailable(err, "out of memory");
    }
    if (rc == 0)
        rc = db_tickets_unindexed_messages(a, b.rows[0].id, b.rows[b.n - 1].id, add_message, &b,
                                           err);
    long long *ids = arena_calloc(a, (size_t)b.n, sizeof *ids);
    const char **texts = arena_calloc(a, (size_t)b.n, sizeof *texts);
    if (rc == 0 && (!ids || !texts))
        rc = err_unavailable(err, "out of memory");
    for (int i = 0; i < b.n && rc == 0; i++) {
        const struct ticket_unindexed *r = &b.rows[i];
        if ((r->answer && !b.answer_seen[i] &&
             ai_search_index(t, r->answer, strlen(r->answer), AI_SEARCH_TEXT, &b.text[i])) ||
            b.text[i].failed)
            rc = err_unavailable(err, "out of memory");
        ids[i] = r->id;
        texts[i] = buf_str(&b.text[i]);
    }
    /* The texts, and the index rows made from them (a message's rows written before
     * this ticket had a text go first: these hold it too). */
    struct term_rows rows = {NULL, 0, 0};
    for (int i = 0; i < b.n && rc == 0; i++)
        rc = postings(a, ids[i], texts[i], &rows, err);
    if (rc == 0)
        rc = db_tickets_unindexed_forget(ids[0], ids[b.n - 1], err) ||
             db_tickets_set_search(a, ids, texts, b.n, err) ||
             db_ticket_terms_add(rows.v, (int)rows.n, err);
    free(rows.v);
    for (int i = 0; i < b.n; i++)
        buf_cleanup(&b.text[i]);
    *after = b.rows[b.n - 1].id;
    return rc ? rc : db_commit(err);
}

int ticket_search_reindex(long long *done, struct app_err *err)
{
    struct ai_tokenizer t;
    struct arena a;
    long long after = 0;
    int n = 0, rc = 0;
    *done = 0;
    if (ai_tokenizer_init(&t))
        return err_unavailable(err, "out of memory");
    arena_init(&a, 0);
    do {
        arena_reset(&a);
        if ((rc = reindex_batch(&a, &t, &after, &n, err)))
            db_rollback();
        else
            *done += n;
    } while (rc == 0 && n > 0);
    arena_cleanup(&a);
    ai_tokenizer_cleanup(&t);
    return rc ? -1 : 0;
}

long long ticket_search_catch_up(const char *what)
{
    long long done = 0;
    struct app_err err;
    err_clear(&err);
    if (ticket_search_reindex(&done, &err))
        log_warn("%s: some tickets wait for deskpilot migrate to be searchable again: %s", what,
                 err.internal[0] ? err.internal : err.detail);
    return done;
}
