/* ticket_list: fetch one row more than the page holds; its presence means a next page. */
#include "ticket/ticket_list.h"

#include <math.h>
#include <string.h>

#include "ticket/ticket_ops.h"
#include "ticket/ticket_search.h"

/* A staff search reads the search index (ticket_terms, sql/025). Its cost is the
 * index rows of the word it reads first (the lead): every other word, and the filter,
 * is looked up for each of them. So one statement first counts, for every word, the
 * tickets holding it (up to SEARCH_RANKABLE + 1) and those among the newest
 * SEARCH_RECENT ticket ids.
 *  - Some word in at most SEARCH_RANKABLE tickets: the search is ranked. The rarest
 *    word leads, every ticket holding all the words is scored (rarer words weigh
 *    more, a repeated word a little more), best first, newest first among equals,
 *    paged by an offset into that order.
 *  - Every word in more tickets: ranking would read thousands of rows, and relevance
 *    among that many means little. The tickets come newest first, led by the word
 *    rarest among the newest tickets and read from the newest down only until the
 *    page is full, paged by keyset; each page reads at most SEARCH_WINDOWS windows of
 *    SEARCH_WINDOW of the lead's rows, so words that meet rarely cost a bounded page.
 * A customer's search reads their own few tickets' search text, newest first. */
#define SEARCH_RANKABLE 2000
#define SEARCH_WINDOW 1000    /* of the lead's rows */
#define SEARCH_WINDOWS 3      /* read by one page at most, so few pages come back empty */
#define SEARCH_RECENT 2000    /* the newest ticket ids: the lead of a newest-first search */
#define SEARCH_OFFSET_BITS 40 /* a ranked cursor's offset (those of before sql/025 set more) */
_Static_assert(TICKET_SEARCH_MAX_RESULTS + PAGE_MAX < (1LL << SEARCH_OFFSET_BITS),
               "an offset fits its bits");

/* Each word's count, its weight, and the lead: the rarest word, or for a search listed
 * newest first the rarest among the newest tickets. false when some word is in no
 * ticket (nothing can match). */
static bool plan(struct ticket_search *s, long long last, bool newest)
{
    s->lead = 0;
    for (int i = 0; i < s->nwords; i++) {
        if (s->tickets[i] == 0)
            return false;
        /* BM25's inverse document frequency: a word in few tickets tells most. */
        double n = last > s->tickets[i] ? (double)last : (double)s->tickets[i];
        s->weight[i] = log(1.0 + (n - (double)s->tickets[i] + 0.5) / ((double)s->tickets[i] + 0.5));
        const long long *by = newest ? s->recent : s->tickets;
        if (by[i] < by[s->lead] || (by[i] == by[s->lead] && s->tickets[i] < s->tickets[s->lead]))
            s->lead = i;
    }
    return true;
}

static bool rankable(const struct ticket_search *s)
{
    for (int i = 0; i < s->nwords; i++)
        if (s->tickets[i] <= SEARCH_RANKABLE)
            return true;
    return false;
}

/* lead[0..nlead) (the numbered ticket, or none), then rest[0..nrest), into *out. */
static int prepend(struct arena *a, const struct ticket *lead, int nlead, struct ticket *rest,
                   int nrest, struct ticket **out, int *n, struct app_err *err)
{
    if (nlead == 0) {
        *out = rest;
        *n = nrest;
        return 0;
    }
    if (!(*out = arena_calloc(a, (size_t)(nlead + nrest), sizeof **out)))
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < nlead; i++)
        (*out)[i] = lead[i];
    for (int i = 0; i < nrest; i++)
        (*out)[nlead + i] = rest[i];
    *n = nlead + nrest;
    return 0;
}

/* The ranked page at `offset`. The numbered ticket, when the filter lets it in, is
 * position 0 of the result, so every page asks for it: later pages start one row
 * earlier in the ranking. */
static int ranked(struct arena *a, struct ticket_filter *f, struct ticket_search *s,
                  long long offset, int limit, struct ticket **out, int *n, const char **next,
                  struct app_err *err)
{
    if (offset >= TICKET_SEARCH_MAX_RESULTS)
        return 0; /* past the end: no ticket */
    long long room = TICKET_SEARCH_MAX_RESULTS - offset;
    int take = limit < room ? limit : (int)room;
    struct ticket *lead = NULL, *rest = NULL;
    int nlead = 0, nrest = 0;
    if (s->ticket_id && db_tickets_search_number(a, f, s->ticket_id, &lead, &nlead, err))
        return -1;
    bool here = nlead > 0 && offset == 0;
    s->offset = offset - nlead < 0 ? 0 : offset - nlead;
    f->limit = take - here + (take < room); /* one more means a next page */
    if (f->limit > 0 && db_tickets_search_ranked(a, f, s, &rest, &nrest, err))
        return -1;
    if (prepend(a, lead, here ? nlead : 0, rest, nrest, out, n, err))
        return -1;
    return page_cut_offset(a, n, take, offset, next, err);
}

/* The numbered ticket, when the filter lets it in, before rest[0..nrest). */
static int lead_with(struct arena *a, const struct ticket_filter *f, struct ticket_search *s,
                     struct ticket *rest, int nrest, struct ticket **out, int *n,
                     struct app_err *err)
{
    struct ticket *lead = NULL;
    int nlead = 0;
    if (s->ticket_id && db_tickets_search_number(a, f, s->ticket_id, &lead, &nlead, err))
        return -1;
    return prepend(a, lead, nlead, rest, nrest, out, n, err);
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
    bool first = p->after == 0, own = f->customer_id != 0;
    long long last = 0;
    bool newest = own || p->kind != PAGE_OFFSET;
    bool words = s.nwords > 0; /* false also when some word is in no ticket */
    if (!own && words) {
        if (db_tickets_search_counts(&s, SEARCH_RANKABLE, SEARCH_RECENT, &last, err))
            return -1;
        if (p->kind == PAGE_OFFSET || (first && rankable(&s)))
            newest = false;
        words = plan(&s, last, newest);
    }
    if (!newest && words) {
        long long offset = p->after & ((1LL << SEARCH_OFFSET_BITS) - 1);
        return ranked(a, f, &s, offset, p->limit, out, n, next, err);
    }
    long long before = p->after;
    if (first) {
        if (!last && db_tickets_last_id(&last, err))
            return -1;
        before = last + 1;
    }
    long long top = before;
    int want = p->limit + 1;
    struct ticket *rows = arena_calloc(a, (size_t)want, sizeof *rows);
    int nrows = 0;
    long long lower = 0;
    if (!rows)
        return err_unavailable(err, "out of memory");
    /* Window after window below `before` until the page is full, a few at most. A
     * window holds SEARCH_WINDOW of the lead word's rows; a word alone needs none
     * (each of its rows is a match), nor does a customer's search. */
    for (int w = 0; w < SEARCH_WINDOWS && words; w++) {
        struct ticket *got = NULL;
        int ngot = 0;
        lower = 0;
        if (!own && s.nwords > 1 && db_tickets_search_bound(&s, before, SEARCH_WINDOW, &lower, err))
            return -1;
        f->before = before;
        f->limit = want - nrows;
        if (own ? db_tickets_search_text(a, f, &s, lower, &got, &ngot, err)
                : db_tickets_search_newest(a, f, &s, lower, &got, &ngot, err))
            return -1;
        for (int i = 0; i < ngot; i++)
            rows[nrows++] = got[i];
        if (nrows == want || lower == 0)
            break;
        before = lower + 1;
    }
    /* Newest first: the numbered ticket leads the first page and takes a place. */
    int take = p->limit - (first && s.ticket_id ? 1 : 0);
    /* A page that found nothing in its windows ends the search: words that no ticket
     * of so many holding the lead word holds with it are not there any more (and no
     * search pages on through a desk of empty pages). */
    long long resume = nrows > take ? rows[take - 1].id : lower > 0 && nrows > 0 ? lower + 1 : 0;
    if (take < 1) /* a page of one, the numbered ticket: the rest from the top */
        resume = top;
    if (nrows > take)
        nrows = take > 0 ? take : 0;
    if (first ? lead_with(a, f, &s, rows, nrows, out, n, err) : (*out = rows, *n = nrows, 0))
        return -1;
    if (next && resume > 0 && words && !(*next = page_cursor(a, resume)))
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
