/* update: PATCH /api/tickets/{id} — status, priority, assignee and intent, by staff;
 * the same fields for a bulk change (bulk.c). */
#include "http/if_match.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "json/validate.h"

int tickets_patch_read(struct request *req, struct ticket_patch *p, struct app_err *err)
{
    enum { F_STATUS, F_PRIORITY, F_ASSIGNEE, F_INTENT };
    static const struct field_spec fields[] = {
        [F_STATUS] = {"status", FT_STRING, 0, 1, 20, 0, 0, ticket_statuses},
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, ticket_priorities},
        [F_ASSIGNEE] = {"assignee_id", FT_INT, FS_NULLABLE, 1, (1LL << 62), 0, 0, NULL},
        [F_INTENT] = {"intent", FT_STRING, FS_NULLABLE | FS_IDENT, 1, 64, 0, 0, NULL},
    };
    struct field_value v[4];
    if (validate_json(req->json, fields, 4, v, err))
        return -1;
    *p = (struct ticket_patch){
        .status = v[F_STATUS].present ? ticket_status_parse(v[F_STATUS].s) : -1,
        .priority = v[F_PRIORITY].present ? v[F_PRIORITY].s : NULL,
        .set_assignee = v[F_ASSIGNEE].present,
        .assignee_id = v[F_ASSIGNEE].is_null ? 0 : v[F_ASSIGNEE].i,
        .set_intent = v[F_INTENT].present,
        .intent = v[F_INTENT].is_null ? NULL : v[F_INTENT].s,
    };
    return 0;
}

int tickets_update(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket_patch p;
    if (tickets_patch_read(req, &p, err))
        return -1;
    long long id = tickets_path_id(req);
    if (request_if_match(req, &p.if_version, err) ||
        ticket_ops_update(req->arena, &req->user, id, &p, err))
        return -1;
    return tickets_respond(req, res, id, 200, false, err);
}
