/* list: GET /api/tickets — newest first (a search: best match first), filtered,
 * cursor-paged; customers see their own.
 * GET /api/tickets/queue — the agents' queue, a view of it, in its order, cursor-paged. */
#include <string.h>

#include "http/page.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_ticket.h"
#include "json/validate.h"

struct list_rows {
    const struct ticket *t;
    bool staff;
};

static struct json_object *row_view(struct arena *a, int i, const void *ctx)
{
    const struct list_rows *rows = ctx;
    return view_ticket(a, &rows->t[i], rows->staff, NULL, 0);
}

int tickets_list(struct request *req, struct response *res, struct app_err *err)
{
    enum { Q_STATUS, Q_INTENT, Q_ASSIGNEE, Q_Q };
    static const struct field_spec query[] = {
        [Q_STATUS] = {"status", FT_STRING, 0, 1, 20, 0, 0, ticket_statuses},
        [Q_INTENT] = {"intent", FT_STRING, FS_IDENT, 1, 64, 0, 0, NULL},
        [Q_ASSIGNEE] = {"assignee_id", FT_INT, 0, 1, (1LL << 62), 0, 0, NULL},
        [Q_Q] = {"q", FT_STRING, 0, 1, 200, 0, 0, NULL},
    };
    struct field_value q[4];
    struct page p;
    if (validate_query(req->query, req->nquery, query, 4, q, err))
        return -1;
    struct ticket_query f = {
        .status = q[Q_STATUS].present ? ticket_status_parse(q[Q_STATUS].s) : -1,
        .intent = q[Q_INTENT].present ? q[Q_INTENT].s : NULL,
        .assignee_id = q[Q_ASSIGNEE].present ? q[Q_ASSIGNEE].i : 0,
        .q = q[Q_Q].present ? q[Q_Q].s : NULL,
    };
    if (page_from_query_kind(req->query, req->nquery, ticket_list_page_kind(&f), &p, err))
        return -1;
    struct ticket *t;
    int n;
    const char *next;
    if (ticket_list(req->arena, &req->user, &f, &p, &t, &n, &next, err))
        return -1;
    struct list_rows rows = {t, ticket_ops_is_staff(&req->user)};
    return page_respond(res, req->arena, n, row_view, &rows, next, err);
}

int tickets_queue(struct request *req, struct response *res, struct app_err *err)
{
    enum { Q_VIEW, Q_SORT };
    static const struct field_spec query[] = {
        [Q_VIEW] = {"view", FT_STRING, 0, 1, 20, 0, 0, ticket_queue_views},
        [Q_SORT] = {"sort", FT_STRING, 0, 1, 20, 0, 0, ticket_queue_orders},
    };
    struct field_value q[2];
    struct page p;
    if (validate_query(req->query, req->nquery, query, 2, q, err) ||
        page_from_query(req->query, req->nquery, &p, err))
        return -1;
    int view = q[Q_VIEW].present ? ticket_queue_view_parse(q[Q_VIEW].s) : QUEUE_ALL;
    int order = q[Q_SORT].present ? ticket_queue_order_parse(q[Q_SORT].s) : QUEUE_OLDEST;
    struct ticket *t;
    int n;
    const char *next;
    long long total;
    if (ticket_queue(req->arena, &req->user, (enum queue_view)view, (enum queue_order)order, &p, &t,
                     &n, &next, &total, err))
        return -1;
    struct list_rows rows = {t, true};
    return page_respond_total(res, req->arena, n, row_view, &rows, next, total, err);
}
