/* db_tickets_search: SQL for the tickets' search text and index (sql/018, sql/025). */
#include "db/db_tickets_search.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "db/db_rows.h"
#include "db/db_ticket_rows.h"

_Static_assert(DB_TICKETS_SEARCH_WORDS == 8, "the statements below spell out eight words");

/* The index's statements, one per number of words (and with or without the list's
 * filters), each static so it is prepared once: the search's lead word is p1, read
 * in key order; word i is pi, looked up by primary key for each of p1's rows. The
 * page's ids come from the index alone (a derived table), and only they are joined
 * to their tickets, so the wide columns are read for one page, not for every match. */
#define TJ(i) " JOIN ticket_terms p" #i " ON p" #i ".term = ? AND p" #i ".ticket_id = p1.ticket_id"
#define J1 ""
#define J2 J1 TJ(2)
#define J3 J2 TJ(3)
#define J4 J3 TJ(4)
#define J5 J4 TJ(5)
#define J6 J5 TJ(6)
#define J7 J6 TJ(7)
#define J8 J7 TJ(8)
/* A word's part of the score: its weight (rarer words weigh more) times h / (h + 1),
 * h its hits in the ticket: a second mention counts, a tenth hardly more. */
#define SC(i) "? * (p" #i ".hits + p" #i ".note_hits) / (p" #i ".hits + p" #i ".note_hits + 1)"
#define S1 SC(1)
#define S2 S1 " + " SC(2)
#define S3 S2 " + " SC(3)
#define S4 S3 " + " SC(4)
#define S5 S4 " + " SC(5)
#define S6 S5 " + " SC(6)
#define S7 S6 " + " SC(7)
#define S8 S7 " + " SC(8)
/* The filter, when the search has one: each match's ticket row read too. */
#define FJ " JOIN tickets t ON t.id = p1.ticket_id"
#define FW " AND " LIST_FILTERS
#define PAGE_OF(inner, order)                                                                      \
    "SELECT " TICKET_COLS " FROM (" inner ") r JOIN tickets t ON t.id = r.id "                     \
    "JOIN users u ON u.id = t.customer_id ORDER BY " order
#define RANKED(S, J, fj, fw)                                                                       \
    PAGE_OF("SELECT STRAIGHT_JOIN p1.ticket_id AS id, " S " AS score FROM ticket_terms p1" J fj    \
            " WHERE p1.term = ? AND p1.ticket_id <> ?" fw                                          \
            " ORDER BY score DESC, p1.ticket_id DESC LIMIT ?, ?",                                  \
            "r.score DESC, t.id DESC")
#define NEWEST(J, fj, fw)                                                                          \
    PAGE_OF(                                                                                       \
        "SELECT STRAIGHT_JOIN p1.ticket_id AS id FROM ticket_terms p1" J fj                        \
        " WHERE p1.term = ? AND p1.ticket_id > ? AND p1.ticket_id < ? AND p1.ticket_id <> ?" fw    \
        " ORDER BY p1.ticket_id DESC LIMIT ?",                                                     \
        "t.id DESC")
#define BY_WORDS(M, ...)                                                                           \
    {                                                                                              \
        M(S1, J1, __VA_ARGS__), M(S2, J2, __VA_ARGS__), M(S3, J3, __VA_ARGS__),                    \
            M(S4, J4, __VA_ARGS__), M(S5, J5, __VA_ARGS__), M(S6, J6, __VA_ARGS__),                \
            M(S7, J7, __VA_ARGS__), M(S8, J8, __VA_ARGS__)                                         \
    }
#define NEWEST_S(S, J, fj, fw) NEWEST(J, fj, fw)

static const char *const ranked_sql[2][DB_TICKETS_SEARCH_WORDS] = {
    BY_WORDS(RANKED, "", ""),
    BY_WORDS(RANKED, FJ, FW),
};
static const char *const newest_sql[2][DB_TICKETS_SEARCH_WORDS] = {
    BY_WORDS(NEWEST_S, "", ""),
    BY_WORDS(NEWEST_S, FJ, FW),
};

/* Whether f filters beyond "staff, any ticket". */
static bool filtered(const struct ticket_filter *f)
{
    return f->customer_id > 0 || f->status >= 0 || f->intent || f->assignee_id > 0;
}

/* The other words' terms, in the order of the joins p2..pn. */
static size_t others(const struct ticket_search *s, struct db_param *p)
{
    size_t np = 0;
    for (int i = 0; i < s->nwords; i++)
        if (i != s->lead)
            p[np++] = DBP_STR(s->term[i]);
    return np;
}

static int search_check(const struct ticket_search *s, struct app_err *err)
{
    if (s->nwords < 1 || s->nwords > DB_TICKETS_SEARCH_WORDS || s->lead < 0 || s->lead >= s->nwords)
        return err_internal(err, "db_tickets_search: %d words, lead %d", s->nwords, s->lead);
    return 0;
}

int db_tickets_search_ranked(struct arena *a, const struct ticket_filter *f,
                             const struct ticket_search *s, struct ticket **out, int *n,
                             struct app_err *err)
{
    struct db_param p[3 * DB_TICKETS_SEARCH_WORDS + LIST_NFILTERS + 4];
    size_t np = 0;
    *out = NULL;
    *n = 0;
    if (search_check(s, err))
        return -1;
    bool filter = filtered(f);
    p[np++] = DBP_DBL(s->weight[s->lead]);
    for (int i = 0; i < s->nwords; i++)
        if (i != s->lead)
            p[np++] = DBP_DBL(s->weight[i]);
    np += others(s, p + np);
    p[np++] = DBP_STR(s->term[s->lead]);
    p[np++] = DBP_INT(s->ticket_id);
    if (filter) {
        struct ticket_filter all = *f;
        all.before = 0;
        db_ticket_list_filters(&all, p + np);
        np += LIST_NFILTERS;
    }
    p[np++] = DBP_INT(s->offset);
    p[np++] = DBP_INT(f->limit);
    return db_ticket_rows(a, ranked_sql[filter][s->nwords - 1], p, np, f->limit, out, n, err);
}

int db_tickets_search_newest(struct arena *a, const struct ticket_filter *f,
                             const struct ticket_search *s, long long lower, struct ticket **out,
                             int *n, struct app_err *err)
{
    struct db_param p[DB_TICKETS_SEARCH_WORDS + LIST_NFILTERS + 5];
    size_t np = 0;
    *out = NULL;
    *n = 0;
    if (search_check(s, err))
        return -1;
    bool filter = filtered(f);
    np += others(s, p);
    p[np++] = DBP_STR(s->term[s->lead]);
    p[np++] = DBP_INT(lower);
    p[np++] = DBP_INT(f->before > 0 ? f->before : (1LL << 62));
    p[np++] = DBP_INT(s->ticket_id);
    if (filter) {
        db_ticket_list_filters(f, p + np);
        np += LIST_NFILTERS;
    }
    p[np++] = DBP_INT(f->limit);
    return db_ticket_rows(a, newest_sql[filter][s->nwords - 1], p, np, f->limit, out, n, err);
}

int db_tickets_search_bound(const struct ticket_search *s, long long before, int rows,
                            long long *lower, struct app_err *err)
{
    *lower = 0;
    if (search_check(s, err))
        return -1;
    return db_query("SELECT ticket_id FROM ticket_terms WHERE term = ? AND ticket_id < ? "
                    "ORDER BY ticket_id DESC LIMIT 1 OFFSET ?",
                    DB_PARAMS(DBP_STR(s->term[s->lead]), DBP_INT(before), DBP_INT(rows)),
                    db_row_first_ll, lower, err);
}

/* Signed: the span is subtracted from it. */
#define NEWEST_ID "(SELECT CAST(COALESCE(MAX(id), 0) AS SIGNED) FROM tickets)"
/* Word i counted twice: in the whole index up to the cap (the cap-th row's existence
 * read first, so a common word costs cap + 1 index rows and no count), and among the
 * newest ids. */
#define COUNT_WORD                                                                                 \
    ", IF((SELECT ticket_id FROM ticket_terms WHERE term = ? ORDER BY ticket_id LIMIT 1 OFFSET "   \
    "?) "                                                                                          \
    "IS NULL, (SELECT COUNT(*) FROM ticket_terms WHERE term = ?), ?)"                              \
    ", (SELECT COUNT(*) FROM ticket_terms WHERE term = ? AND ticket_id > " NEWEST_ID " - ?)"
#define COUNT_PARAMS 6

static int counts_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct ticket_search *s = ((void **)ctx)[0];
    long long *last = ((void **)ctx)[1];
    *last = db_row_ll(row, 0);
    for (int i = 0; i < s->nwords; i++) {
        s->tickets[i] = db_row_ll(row, 1 + 2 * (size_t)i);
        s->recent[i] = db_row_ll(row, 2 + 2 * (size_t)i);
    }
    return 0;
}

int db_tickets_search_counts(struct ticket_search *s, long long cap, long long span,
                             long long *last, struct app_err *err)
{
    /* An unused word is "" (no term is empty): it counts nothing, at the cost of one
     * index probe, and keeps the statement static. */
    struct db_param p[COUNT_PARAMS * DB_TICKETS_SEARCH_WORDS];
    size_t np = 0;
    for (int i = 0; i < DB_TICKETS_SEARCH_WORDS; i++) {
        const char *term = i < s->nwords ? s->term[i] : "";
        p[np++] = DBP_STR(term);
        p[np++] = DBP_INT(cap);
        p[np++] = DBP_STR(term);
        p[np++] = DBP_INT(cap + 1);
        p[np++] = DBP_STR(term);
        p[np++] = DBP_INT(span);
    }
    void *ctx[2] = {s, last};
    *last = 0;
    return db_query("SELECT " NEWEST_ID COUNT_WORD COUNT_WORD COUNT_WORD COUNT_WORD COUNT_WORD
                        COUNT_WORD COUNT_WORD COUNT_WORD,
                    p, np, counts_row, ctx, err);
}

int db_tickets_search_number(struct arena *a, const struct ticket_filter *f, long long id,
                             struct ticket **out, int *n, struct app_err *err)
{
    static const char sql[] = "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ? AND " LIST_FILTERS;
    struct ticket_filter all = *f;
    struct db_param p[1 + LIST_NFILTERS];
    all.before = 0;
    p[0] = DBP_INT(id);
    db_ticket_list_filters(&all, p + 1);
    return db_ticket_rows(a, sql, p, 1 + LIST_NFILTERS, 1, out, n, err);
}

/* A word is in the text when its term is, standing between two spaces; " " (in every
 * text) fills the unused places of the static statement. Compared as bytes: the terms
 * are normalised already, and the collation's comparison costs three times as much. */
#define TEXT_WORD                                                                                  \
    "AND (INSTR(t.search_text COLLATE utf8mb4_bin, ?) > 0 "                                        \
    "OR INSTR(t.search_text COLLATE utf8mb4_bin, ?) > 0) "
#define TEXT_WORDS TEXT_WORD TEXT_WORD TEXT_WORD TEXT_WORD TEXT_WORD TEXT_WORD TEXT_WORD TEXT_WORD

int db_tickets_search_text(struct arena *a, const struct ticket_filter *f,
                           const struct ticket_search *s, long long lower, struct ticket **out,
                           int *n, struct app_err *err)
{
    static const char sql[] = "SELECT " TICKET_COLS TICKET_FROM "WHERE " LIST_FILTERS
                              "AND t.id > ? AND t.id <> ? " TEXT_WORDS "ORDER BY t.id DESC LIMIT ?";
    struct db_param p[LIST_NFILTERS + 3 + 2 * DB_TICKETS_SEARCH_WORDS];
    size_t np = LIST_NFILTERS;
    db_ticket_list_filters(f, p);
    p[np++] = DBP_INT(lower);
    p[np++] = DBP_INT(s->ticket_id);
    for (int i = 0; i < DB_TICKETS_SEARCH_WORDS; i++) {
        p[np++] = DBP_STR(i < s->nwords ? s->word[i][0] : " ");
        p[np++] = DBP_STR(i < s->nwords ? s->word[i][1] : " ");
    }
    p[np++] = DBP_INT(f->limit);
    return db_ticket_rows(a, sql, p, np, f->limit, out, n, err);
}

int db_tickets_last_id(long long *id, struct app_err *err)
{
    *id = 0;
    return db_query("SELECT " NEWEST_ID, DB_NO_PARAMS, db_row_first_ll, id, err);
}

/* INSERT statements of 1..DB_TICKET_TERMS_PER_STATEMENT rows, written once per process
 * (their addresses are the statement cache's keys, so each is prepared once). */
#define TERMS_INSERT "INSERT INTO ticket_terms (ticket_id, term, hits, note_hits) VALUES "
#define TERMS_ROW "(?, ?, ?, ?)"
#define TERMS_UPDATE                                                                               \
    " ON DUPLICATE KEY UPDATE hits = LEAST(hits + VALUES(hits), 65535), "                          \
    "note_hits = LEAST(note_hits + VALUES(note_hits), 65535)"
static char terms_sql[DB_TICKET_TERMS_PER_STATEMENT]
                     [sizeof TERMS_INSERT + DB_TICKET_TERMS_PER_STATEMENT * sizeof(TERMS_ROW ", ") +
                      sizeof TERMS_UPDATE];

static const char *terms_insert(int rows)
{
    char *sql = terms_sql[rows - 1];
    if (!sql[0]) {
        size_t o = (size_t)snprintf(sql, sizeof terms_sql[0], "%s", TERMS_INSERT);
        for (int i = 0; i < rows; i++)
            o += (size_t)snprintf(sql + o, sizeof terms_sql[0] - o, "%s" TERMS_ROW, i ? ", " : "");
        snprintf(sql + o, sizeof terms_sql[0] - o, "%s", TERMS_UPDATE);
    }
    return sql;
}

int db_ticket_terms_add(const struct db_ticket_term *t, int n, struct app_err *err)
{
    struct db_param p[4 * DB_TICKET_TERMS_PER_STATEMENT];
    for (int at = 0; at < n;) {
        int rows = n - at < DB_TICKET_TERMS_PER_STATEMENT ? n - at : DB_TICKET_TERMS_PER_STATEMENT;
        size_t np = 0;
        for (int i = at; i < at + rows; i++) {
            if (t[i].len == 0 || t[i].len > DB_TICKET_TERM_MAX)
                return err_internal(err, "db_ticket_terms_add: a term of %zu bytes", t[i].len);
            p[np++] = DBP_INT(t[i].ticket_id);
            p[np++] = DBP_STRN(t[i].term, t[i].len);
            p[np++] = DBP_INT(t[i].hits);
            p[np++] = DBP_INT(t[i].note_hits);
        }
        if (db_exec(terms_insert(rows), p, np, NULL, NULL, err))
            return -1;
        at += rows;
    }
    return 0;
}

static const struct db_col unindexed_cols[] = {
    DBC(DBC_LL, struct ticket_unindexed, id),     DBC(DBC_STR, struct ticket_unindexed, subject),
    DBC(DBC_STR, struct ticket_unindexed, body),  DBC(DBC_STR, struct ticket_unindexed, name),
    DBC(DBC_STR, struct ticket_unindexed, email), DBC(DBC_STR, struct ticket_unindexed, answer),
};
static const struct db_layout unindexed_layout = DB_LAYOUT(struct ticket_unindexed, unindexed_cols);

int db_tickets_unindexed(struct arena *a, long long after, int max, struct ticket_unindexed **out,
                         int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a,
                       "SELECT t.id, t.subject, t.body, u.name, u.email, "
                       "IF(t.response_source = 'agent', t.response_text, NULL)" TICKET_FROM
                       "WHERE t.id > ? AND t.search_text IS NULL ORDER BY t.id LIMIT ? FOR UPDATE",
                       DB_PARAMS(DBP_INT(after), DBP_INT(max)), &unindexed_layout, max, NULL, &rows,
                       n, err);
    *out = rows;
    return rc;
}

struct message_ctx {
    struct arena *a;
    int (*fn)(void *ctx, long long ticket_id, const char *body, bool internal, struct app_err *err);
    void *ctx;
};

static int unindexed_message(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct message_ctx *c = ctx;
    const char *body = db_row_dup(c->a, row, 1, err);
    if (!body)
        return -1;
    return c->fn(c->ctx, db_row_ll(row, 0), body, db_row_ll(row, 2) != 0, err);
}

int db_tickets_unindexed_messages(struct arena *a, long long first, long long last,
                                  int (*fn)(void *ctx, long long ticket_id, const char *body,
                                            bool internal, struct app_err *err),
                                  void *ctx, struct app_err *err)
{
    struct message_ctx c = {a, fn, ctx};
    return db_query("SELECT ticket_id, body, internal FROM ticket_messages WHERE ticket_id "
                    "BETWEEN ? AND ? AND author_role <> 'system' ORDER BY ticket_id, id",
                    DB_PARAMS(DBP_INT(first), DBP_INT(last)), unindexed_message, &c, err);
}

int db_tickets_unindexed_forget(long long first, long long last, struct app_err *err)
{
    return db_exec("DELETE p FROM tickets t JOIN ticket_terms p ON p.ticket_id = t.id "
                   "WHERE t.id BETWEEN ? AND ? AND t.search_text IS NULL",
                   DB_PARAMS(DBP_INT(first), DBP_INT(last)), NULL, NULL, err);
}

int db_tickets_set_search(struct arena *a, const long long *ids, const char *const *texts, int n,
                          struct app_err *err)
{
    /* One statement for the batch: the backfill's cost is in round trips, not rows.
     * Its text depends only on n (placeholders, never values). */
    if (n <= 0)
        return 0;
    if (n > DB_TICKETS_SET_SEARCH_MAX)
        return err_internal(err, "db_tickets_set_search: %d rows", n);
    struct db_param *p = arena_calloc(a, 3 * (size_t)n, sizeof *p);
    struct buf sql;
    buf_init(&sql);
    buf_puts(&sql, "UPDATE tickets SET search_text = CASE id");
    for (int i = 0; i < n; i++) {
        buf_puts(&sql, " WHEN ? THEN ?");
        if (p) {
            p[2 * i] = DBP_INT(ids[i]);
            p[2 * i + 1] = DBP_STR(texts[i]);
            p[2 * n + i] = DBP_INT(ids[i]);
        }
    }
    buf_puts(&sql, " END WHERE id IN (?");
    for (int i = 1; i < n; i++)
        buf_puts(&sql, ", ?");
    buf_puts(&sql, ")");
    int rc = !p || sql.failed ? err_unavailable(err, "out of memory")
                              : db_exec_built(buf_str(&sql), p, 3 * (size_t)n, err);
    buf_cleanup(&sql);
    return rc;
}

int db_tickets_forget_all_search(struct app_err *err)
{
    return db_exec("DELETE FROM ticket_terms", DB_NO_PARAMS, NULL, NULL, err) ||
                   db_exec("UPDATE tickets SET search_text = NULL", DB_NO_PARAMS, NULL, NULL, err)
               ? -1
               : 0;
}

int db_tickets_forget_search(long long customer_id, struct app_err *err)
{
    return db_exec("DELETE p FROM tickets t JOIN ticket_terms p ON p.ticket_id = t.id "
                   "WHERE t.customer_id = ?",
                   DB_PARAMS(DBP_INT(customer_id)), NULL, NULL, err) ||
                   db_exec("UPDATE tickets SET search_text = NULL WHERE customer_id = ?",
                           DB_PARAMS(DBP_INT(customer_id)), NULL, NULL, err)
               ? -1
               : 0;
}
