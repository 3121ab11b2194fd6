/* messages: POST /api/tickets/{id}/messages — follow-ups, replies, resolutions and
 * internal notes. */
#include "http/idempotency_key.h"
#include "http/if_match.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_ticket.h"

int tickets_add_message(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[TF_MESSAGE_N];
    if (validate_json(req->json, ticket_message_fields, TF_MESSAGE_N, v, err))
        return -1;
    const char *key;
    long long if_version;
    if (request_idempotency_key(req, &key, err) || request_if_match(req, &if_version, err))
        return -1;
    long long mid = 0;
    bool replayed = false;
    bool internal = v[TF_MSG_INTERNAL].present && v[TF_MSG_INTERNAL].b;
    if (internal && ((v[TF_MSG_RESOLVE].present && v[TF_MSG_RESOLVE].b) ||
                     (v[TF_MSG_REUSABLE].present && v[TF_MSG_REUSABLE].b)))
        return err_field(err, "internal", "an internal note neither resolves nor is reusable");
    if (internal
            ? ticket_ops_note(req->arena, &req->user, tickets_path_id(req), v[TF_MSG_BODY].s,
                              if_version, &mid, err)
            : ticket_ops_message(req->arena, &req->user, tickets_path_id(req), v[TF_MSG_BODY].s,
                                 v[TF_MSG_RESOLVE].present && v[TF_MSG_RESOLVE].b,
                                 v[TF_MSG_REUSABLE].present && v[TF_MSG_REUSABLE].b, key,
                                 if_version, &mid, &replayed, err))
        return -1;
    struct ticket_message m;
    if (ticket_message_get(req->arena, mid, &m, err))
        return -1;
    return response_json(res, 201, view_message(req->arena, &m)) ||
                   tickets_mark_replay(res, replayed)
               ? err_unavailable(err, "out of memory")
               : 0;
}
