/* messages: POST /api/tickets/{id}/messages — follow-ups, replies and resolutions. */
#include "db/db_tickets.h"
#include "json/validate.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_ticket.h"

int tickets_add_message(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_BODY, F_RESOLVE, F_REUSABLE };
    static const struct field_spec fields[] = {
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_RESOLVE] = {"resolve", FT_BOOL, 0, 0, 0, 0, 0, NULL},
        [F_REUSABLE] = {"reusable", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    };
    struct field_value v[3];
    if (validate_json(req->json, fields, 3, v, err))
        return -1;
    long long mid = 0;
    if (ticket_ops_message(req->arena, &req->user, tickets_path_id(req), v[F_BODY].s,
                           v[F_RESOLVE].present && v[F_RESOLVE].b,
                           v[F_REUSABLE].present && v[F_REUSABLE].b, &mid, err))
        return -1;
    struct ticket_message m;
    if (db_tickets_get_message(req->arena, mid, &m, err))
        return -1;
    return response_json(res, 201, view_message(&m)) ? err_unavailable(err, "out of memory") : 0;
}
