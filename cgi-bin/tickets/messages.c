/* messages: POST /api/tickets/{id}/messages — follow-ups, replies and resolutions. */
#include <json.h>

#include "db/db.h"
#include "json/validate.h"
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
    bool resolve = v[F_RESOLVE].present && v[F_RESOLVE].b;
    bool reusable = v[F_REUSABLE].present && v[F_REUSABLE].b;
    bool staff = tickets_is_staff(req);
    if (reusable && !staff)
        return err_set(err, ERR_FORBIDDEN, "only agents and admins can mark replies reusable");
    char *body = arena_strndup(req->arena, v[F_BODY].s, v[F_BODY].len);
    if (!body)
        return err_unavailable(err, "out of memory");

    struct ticket t;
    if (db_begin(err) || tickets_load_visible(req, true, &t, err))
        return -1;
    enum ticket_status next;
    const char *why;
    enum transition_refusal r =
        ticket_transition(t.status, resolve ? TE_RESOLVE : TE_MESSAGE, req->user.role, &next, &why);
    if (tickets_refusal(r, why, err))
        return -1;
    long long mid = 0;
    if (db_tickets_add_message(t.id, req->user.id, role_name(req->user.role), body, &mid, err))
        return -1;
    if (resolve && db_tickets_send_response(t.id, body, "agent", reusable, true, err))
        return -1;
    if (!resolve && staff && db_tickets_mark_first_response(t.id, err))
        return -1;
    if (next != t.status && db_tickets_set_status(t.id, next, err))
        return -1;
    struct ticket_message m;
    if (db_tickets_get_message(req->arena, mid, &m, err) || db_commit(err))
        return -1;
    return response_json(res, 201, view_message(&m)) ? err_unavailable(err, "out of memory") : 0;
}
