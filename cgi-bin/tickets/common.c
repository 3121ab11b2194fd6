/* common: visibility, refusals and the re-read answer shared by the ticket handlers. */
#include <json.h>

#include "core/num.h"
#include "tickets.h"
#include "view/view_ticket.h"

bool tickets_is_staff(const struct request *req)
{
    return req->user.role == ROLE_AGENT || req->user.role == ROLE_ADMIN;
}

int tickets_load_visible(struct request *req, bool for_update, struct ticket *t,
                         struct app_err *err)
{
    long long id;
    if (num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id))
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    bool found = false;
    if (db_tickets_get(req->arena, id, for_update, t, &found, err))
        return -1;
    if (!found || (!tickets_is_staff(req) && t->customer_id != req->user.id))
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    return 0;
}

int tickets_refusal(enum transition_refusal r, const char *why, struct app_err *err)
{
    switch (r) {
    case TR_OK: return 0;
    case TR_FORBIDDEN: return err_set(err, ERR_FORBIDDEN, "%s", why);
    case TR_CONFLICT: return err_set(err, ERR_CONFLICT, "%s", why);
    case TR_INVALID: return err_field(err, "status", "%s", why);
    }
    return err_internal(err, "unknown refusal");
}

int tickets_render(struct request *req, long long id, bool with_messages, struct json_object **out,
                   struct app_err *err)
{
    struct ticket t;
    bool found = false;
    if (db_tickets_get(req->arena, id, false, &t, &found, err))
        return -1;
    if (!found)
        return err_internal(err, "ticket %lld vanished", id);
    struct ticket_message *m = NULL;
    int n = 0;
    if (with_messages && db_tickets_messages(req->arena, id, &m, &n, err))
        return -1;
    *out = view_ticket(&t, tickets_is_staff(req), with_messages ? m : NULL, n);
    return *out ? 0 : err_unavailable(err, "out of memory");
}

int tickets_respond(struct request *req, struct response *res, long long id, int status,
                    bool with_messages, struct app_err *err)
{
    json_object *o;
    if (tickets_render(req, id, with_messages, &o, err))
        return -1;
    return response_json(res, status, o) ? err_unavailable(err, "out of memory") : 0;
}
