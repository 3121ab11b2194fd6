/* ticket_list: fetch one row more than the page holds; its presence means a next page. */
#include "ticket/ticket_list.h"

#include <string.h>

#include "ticket/ticket_ops.h"
#include "ticket/ticket_search.h"

/* A search costs in proportion to how many tickets hold its words, whichever way it
 * runs: InnoDB's FULLTEXT index scores every ticket holding a word it is asked for. So
 * on its first page a search counts how many of the newest SEARCH_SAMPLE tickets hold
 * each word. A word in at least 1 in SEARCH_COMMON_SHARE of them (and in at least
 * SEARCH_COMMON_MIN_COUNT) is common: it is not
 * asked of the index but checked on what the rare words find, and the search is
 * ranked by relevance among those, an offset into the ranking paging on (the common
 * words ride in the cursor, so every page asks the same). When every word is common,
 * relevance means little and the index would score half the desk: those tickets come
 * newest first, each page a scan of at most SEARCH_WINDOWS stretches of SEARCH_WINDOW
 * ticket numbers, paged by keyset. A customer's own tickets are few: always the scan. */
#define SEARCH_WINDOW 2000
#define SEARCH_WINDOWS 3   /* scanned by one page at most, so few pages come back empty */
#define SEARCH_SAMPLE 1000 /* the newest tickets a search counts its words in */
#define SEARCH_COMMON_SHARE 50
#define SEARCH_COMMON_MIN_ROWS 200 /* on a smaller desk every word is cheap to rank */
#define SEARCH_COMMON_MIN_COUNT 20 /* fewer tickets in the sample say little of a word */
_Static_assert(SEARCH_SAMPLE >= SEARCH_COMMON_MIN_ROWS, "the sample can find common words");
#define SEARCH_COMMON_SHIFT 40 /* the common words' bits in a ranked cursor */
_Static_assert(TICKET_SEARCH_MAX_RESULTS + PAGE_MAX < (1LL << SEARCH_COMMON_SHIFT),
               "an offset stays below the common words' bits");

/* The ranked page at `offset`, s->common left out of the index's expression. */
static int ranked(struct arena *a, struct ticket_filter *f, struct ticket_search *s, bool staff,
                  long long offset, int limit, struct ticket **out, int *n, const char **next,
                  struct app_err *err)
{
    if (offset >= TICKET_SEARCH_MAX_RESULTS)
        return 0; /* past the end: no ticket */
    if (s->common && ticket_search_rematch(a, s, staff, err))
        return -1;
    s->offset = offset;
    long long room = TICKET_SEARCH_MAX_RESULTS - s->offset;
    int take = limit < room ? limit : (int)room;
    f->limit = take + (take < room); /* one more means a next page */
    if (db_tickets_search(a, f, s, out, n, err))
        return -1;
    return page_cut_offset(a, n, take, offset | (long long)s->common << SEARCH_COMMON_SHIFT, next,
                           err);
}

/* Which words of s are common among the newest tickets (bits of s->common). */
static int common_words(struct ticket_search *s, long long last, struct app_err *err)
{
    long long rows = 0, counts[DB_TICKETS_SEARCH_WORDS] = {0};
    s->common = 0;
    if (db_tickets_search_density(s, last > SEARCH_WINDOW ? last - SEARCH_WINDOW : 0, &rows, counts,
                                  err))
        return -1;
    for (int i = 0; rows >= SEARCH_COMMON_MIN_ROWS && i < s->nwords; i++)
        if (counts[i] >= SEARCH_COMMON_MIN_COUNT && counts[i] * SEARCH_COMMON_SHARE >= rows)
            s->common |= 1u << i;
    return 0;
}

/* The numbered ticket, when the filter lets it in, before rest[0..nrest). */
static int lead_with(struct arena *a, const struct ticket_filter *f, struct ticket_search *s,
                     struct ticket *rest, int nrest, struct ticket **out, int *n,
                     struct app_err *err)
{
    struct ticket_filter one = *f;
    struct ticket_search number = {.ticket_id = s->ticket_id};
    struct ticket *lead = NULL;
    int nlead = 0;
    one.limit = 1;
    if (s->ticket_id && db_tickets_search(a, &one, &number, &lead, &nlead, err))
        return -1;
    if (!(*out = arena_calloc(a, (size_t)nrest + 1, sizeof **out)))
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < nlead; i++)
        (*out)[i] = lead[i];
    for (int i = 0; i < nrest; i++)
        (*out)[nlead + i] = rest[i];
    *n = nlead + nrest;
    return 0;
}

static int search(struct arena *a, const struct principal *who, struct ticket_filter *f,
                  const char *q, const struct page *p, struct ticket **out, int *n,
                  const char **next, struct app_err *err)
{
    struct ticket_search s;
    bool empty = false, staff = ticket_ops_is_staff(who);
    if (ticket_search_parse(a, q, staff, &s, &empty, err))
        return -1;
    if (empty)
        return 0; /* nothing searchable: no ticket */
    unsigned all = (1u << s.nwords) - 1;
    if (p->kind == PAGE_OFFSET) {
        s.common = (unsigned)(p->after >> SEARCH_COMMON_SHIFT) & all;
        return ranked(a, f, &s, staff, p->after & ((1LL << SEARCH_COMMON_SHIFT) - 1), p->limit, out,
                      n, next, err);
    }
    bool first = p->after == 0, own = f->customer_id != 0;
    long long before = p->after;
    if (first) {
        if (db_tickets_last_id(&before, err))
            return -1;
        if (!own) {
            if (common_words(&s, before, err))
                return -1;
            if (s.common != all)
                return ranked(a, f, &s, staff, 0, p->limit, out, n, next, err);
        }
        before++;
    }
    long long top = before;
    int want = p->limit + 1;
    struct ticket *rows = arena_calloc(a, (size_t)want, sizeof *rows);
    int nrows = 0;
    long long lower = 0;
    if (!rows)
        return err_unavailable(err, "out of memory");
    /* Window after window below `before` until the page is full, a few at most. */
    for (int w = 0; w < SEARCH_WINDOWS && s.nwords; w++) {
        lower = own || before - 1 <= SEARCH_WINDOW ? 0 : before - 1 - SEARCH_WINDOW;
        struct ticket *got = NULL;
        int ngot = 0;
        f->before = before;
        f->limit = want - nrows;
        if (db_tickets_search_recent(a, f, &s, lower, &got, &ngot, err))
            return -1;
        for (int i = 0; i < ngot; i++)
            rows[nrows++] = got[i];
        if (nrows == want || lower == 0)
            break;
        before = lower + 1;
    }
    /* Newest first: the numbered ticket leads the first page and takes a place. */
    int take = p->limit - (first && s.ticket_id ? 1 : 0);
    /* A page that found nothing in its windows ends the search: words common among the
     * newest tickets that no ticket of a stretch that long holds are not there any
     * more (and no search pages on through a desk of empty pages). */
    long long resume = nrows > take ? rows[take - 1].id : lower > 0 && nrows > 0 ? lower + 1 : 0;
    if (take < 1) /* a page of one, the numbered ticket: the rest from the top */
        resume = top;
    if (nrows > take)
        nrows = take > 0 ? take : 0;
    if (first ? lead_with(a, f, &s, rows, nrows, out, n, err) : (*out = rows, *n = nrows, 0))
        return -1;
    if (next && resume > 0 && !(*next = page_cursor(a, resume)))
        return err_unavailable(err, "out of memory");
    return 0;
}

int ticket_list(struct arena *a, const struct principal *who, const struct ticket_query *q,
                const struct page *p, struct ticket **out, int *n, const char **next,
                struct app_err *err)
{
    struct ticket_filter f = {
        .customer_id = ticket_ops_is_staff(who) ? 0 : who->id,
        .status = q->status,
        .intent = q->intent,
        .assignee_id = q->assignee_id,
        .before = p->after,
        .limit = p->limit + 1,
    };
    *out = NULL;
    *n = 0;
    if (next)
        *next = NULL;
    if (q->q)
        return search(a, who, &f, q->q, p, out, n, next, err);
    if (db_tickets_list(a, &f, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

/* The index of s in the NULL-terminated names; -1 when it is not there. */
static int name_index(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *const ticket_queue_views[] = {"all", "mine", "unassigned", NULL};

int ticket_queue_view_parse(const char *s)
{
    return name_index(ticket_queue_views, s);
}

const char *const ticket_queue_orders[] = {"oldest", "priority", "due", NULL};

int ticket_queue_order_parse(const char *s)
{
    return name_index(ticket_queue_orders, s);
}

int ticket_queue(struct arena *a, const struct principal *who, enum queue_view view,
                 enum queue_order order, const struct page *p, struct ticket **out, int *n,
                 const char **next, long long *total, struct app_err *err)
{
    if (db_tickets_queue(a, view == QUEUE_MINE ? who->id : 0, view == QUEUE_UNASSIGNED, order,
                         p->after, p->limit + 1, out, n, total, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int ticket_message_get(struct arena *a, long long id, struct ticket_message *out,
                       struct app_err *err)
{
    return db_tickets_get_message(a, id, out, err);
}
