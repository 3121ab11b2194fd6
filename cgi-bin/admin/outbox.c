/* outbox: GET /api/admin/outbox — the mails to customers, newest first, of one
 * ?status= (queued, sent, failed) or all; POST /api/admin/outbox/{id}/retry — a
 * failed one queued again. */
#include "outbox/outbox.h"
#include "admin.h"
#include "core/num.h"
#include "http/page.h"
#include "view/view_outbox.h"

static struct json_object *row_view(struct arena *a, int i, const void *rows)
{
    return view_outbox(a, (const struct outbox_row *)rows + i);
}

int api_outbox_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct outbox_row *rows;
    int n;
    const char *next;
    if (page_from_query(req->query, req->nquery, &p, err) ||
        outbox_list(req->arena, request_query(req, "status"), &p, &rows, &n, &next, err))
        return -1;
    return page_respond(res, req->arena, n, row_view, rows, next, err);
}

int api_outbox_retry(struct request *req, struct response *res, struct app_err *err)
{
    long long id = 0;
    struct outbox_row row;
    if (num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id))
        id = 0;
    if (outbox_retry(req->arena, req->user.id, id, &row, err))
        return -1;
    return api_respond(res, 200, view_outbox(req->arena, &row), err);
}
