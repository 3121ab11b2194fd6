/* audit: GET /api/admin/audit — the audit log, newest first. */
#include "audit/audit_list.h"
#include "admin.h"
#include "view/view_audit.h"

static struct json_object *row_view(const void *row)
{
    return view_audit(row);
}

int api_audit_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct audit_entry *e;
    int n;
    const char *next;
    if (page_from_query(req->query, req->nquery, &p, err) || audit_list(req->arena, &p, &e, &n, &next, err))
        return -1;
    return api_respond_page(res, e, sizeof *e, n, row_view, next, err);
}
