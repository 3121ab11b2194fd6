/* audit: GET /api/admin/audit — the audit log, newest first. */
#include "admin.h"
#include "audit/audit_list.h"
#include "http/page.h"
#include "view/view_audit.h"

static struct json_object *row_view(struct arena *a, int i, const void *rows)
{
    return view_audit(a, (const struct audit_entry *)rows + i);
}

int api_audit_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct audit_entry *e;
    int n;
    const char *next;
    if (page_from_query(req->query, req->nquery, &p, err) ||
        audit_list(req->arena, &p, &e, &n, &next, err))
        return -1;
    return page_respond(res, req->arena, n, row_view, e, next, err);
}
