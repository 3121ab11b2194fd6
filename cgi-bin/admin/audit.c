/* audit: GET /api/admin/audit — the audit log, newest first. */
#include <json.h>

#include "admin.h"
#include "db/db_audit.h"
#include "http/page.h"

int admin_audit_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    if (page_from_query(req, &p, err))
        return -1;
    struct audit_entry *e;
    int n;
    if (db_audit_list(req->arena, p.after, p.limit + 1, &e, &n, err))
        return -1;
    const char *next = NULL;
    if (n > p.limit) {
        n = p.limit;
        if (!(next = page_cursor(req->arena, e[n - 1].id)))
            return err_unavailable(err, "out of memory");
    }
    json_object *items = json_object_new_array();
    for (int i = 0; items && i < n; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "id", json_object_new_int64(e[i].id));
        json_object_object_add(o, "actor_id", e[i].actor_id ? json_object_new_int64(e[i].actor_id) : NULL);
        json_object_object_add(o, "action", json_object_new_string(e[i].action));
        json_object_object_add(o, "target", json_object_new_string(e[i].target ? e[i].target : ""));
        if (e[i].detail)
            json_object_object_add(o, "detail", json_object_new_string(e[i].detail));
        json_object_object_add(o, "created_at", json_object_new_string(e[i].created_at));
        json_object_array_add(items, o);
    }
    return response_json(res, 200, page_json(items, next)) ? err_unavailable(err, "out of memory")
                                                             : 0;
}
