/* ticket_list: reading tickets in bulk — a page of those the caller may see, the
 * agents' queue, one message. The visibility rule lives here and in
 * ticket_ops_load: customers see their own tickets, staff see all. */
#ifndef DESKPILOT_TICKET_TICKET_LIST_H
#define DESKPILOT_TICKET_TICKET_LIST_H

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "core/paging.h"
#include "db/db_tickets.h"

/* What a list asks for besides who asks; zero / NULL / -1 status = no filter. */
struct ticket_query {
    int status;            /* -1 = any */
    const char *intent;    /* NULL = any */
    long long assignee_id; /* 0 = any */
    const char *q;         /* NULL = no text search */
};

/* The tickets `who` may see that match q, newest first: at most p->limit after the
 * position p->after into *out (arena array); *next gets the signed cursor of the
 * next page or NULL (next may be NULL when the caller shows one page only). With a
 * search (q), best match first (ticket_search.h) or, when every word is common
 * among the newest tickets, newest first; p is read with ticket_list_page_kind's
 * kind. 503 when the database is down or memory ran out. */
int ticket_list(struct arena *a, const struct principal *who, const struct ticket_query *q,
                const struct page *p, struct ticket **out, int *n, const char **next,
                struct app_err *err);

/* The kind of cursor a list of q pages with: a search either (ticket_list.c). */
static inline enum page_kind ticket_list_page_kind(const struct ticket_query *q)
{
    return q->q ? PAGE_EITHER : PAGE_KEYSET;
}

/* The agents' queue: OPEN and REOPENED tickets of one view in `order` (oldest first, the
 * most urgent first, or the SLA's next due time first), a page of p->limit after the ticket
 * p->after names; *next gets the cursor of the next page or NULL, *total counts the whole view (not
 * capped). */
enum queue_view { QUEUE_ALL, QUEUE_MINE, QUEUE_UNASSIGNED };
int ticket_queue(struct arena *a, const struct principal *who, enum queue_view view,
                 enum queue_order order, const struct page *p, struct ticket **out, int *n,
                 const char **next, long long *total, struct app_err *err);
/* The view a query parameter names ("all", "mine", "unassigned"); -1 for another. */
int ticket_queue_view_parse(const char *s);
extern const char *const ticket_queue_views[]; /* by enum queue_view, NULL-terminated */
/* The order a query parameter names ("oldest", "priority", "due"); -1 for another. */
int ticket_queue_order_parse(const char *s);
extern const char *const ticket_queue_orders[]; /* by enum queue_order, NULL-terminated */

/* One message by id (one the caller just wrote). */
int ticket_message_get(struct arena *a, long long id, struct ticket_message *out,
                       struct app_err *err);

#endif
