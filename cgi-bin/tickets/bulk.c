/* bulk: POST /api/tickets/bulk — one staff change (status, priority, assignee) on up to
 * TICKET_BULK_MAX tickets, each its own change; the answer says how each took it. */
#include <json.h>

#include "ticket/ticket_bulk.h"
#include "ticket/ticket_fields.h"
#include "tickets.h"
#include "json/jbuild.h"
#include "json/validate.h"

/* ids: a JSON array of 1..TICKET_BULK_MAX ticket numbers. */
static int read_ids(struct json_object *body, long long *ids, int *n, struct app_err *err)
{
    json_object *arr = NULL;
    if (!json_object_object_get_ex(body, "ids", &arr) || !arr)
        return err_field(err, "ids", "is required");
    size_t len = json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
    if (len < 1 || len > TICKET_BULK_MAX)
        return err_field(err, "ids", "must be an array of 1 to %d ticket numbers", TICKET_BULK_MAX);
    for (size_t i = 0; i < len; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1)
            return err_field(err, "ids", "must hold positive integers only");
        ids[i] = json_object_get_int64(v);
    }
    *n = (int)len;
    return 0;
}

int tickets_bulk(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket_patch p;
    long long ids[TICKET_BULK_MAX];
    int n = 0;
    int bad = tickets_patch_read(req, &p, err);
    if (read_ids(req->json, ids, &n, err) || bad)
        return -1;
    if (p.status < 0 && !p.priority && !p.set_assignee && !p.set_intent)
        return err_field(err, "status", "or priority, assignee_id or intent: say what to change");
    struct ticket_bulk_outcome out[TICKET_BULK_MAX];
    if (ticket_ops_bulk(req->arena, &req->user, ids, n, &p, out, err))
        return -1;
    struct jbuild d, updated, skipped;
    jb_object(&d, req->arena);
    jb_array(&updated, req->arena);
    jb_array(&skipped, req->arena);
    for (int i = 0; i < n; i++) {
        if (out[i].code == ERR_NONE) {
            jb_push_int(&updated, out[i].id);
            continue;
        }
        struct jbuild s;
        jb_object(&s, req->arena);
        jb_int(&s, "id", out[i].id);
        jb_str(&s, "code", err_code_name(out[i].code));
        jb_str(&s, "detail", out[i].detail);
        jb_push_child(&skipped, jb_finish(&s));
    }
    jb_child(&d, "updated", jb_finish(&updated));
    jb_child(&d, "skipped", jb_finish(&skipped));
    json_object *o = jb_finish(&d);
    return !o || response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}
