/* create: POST /api/tickets — file a ticket; the pipeline has answered it when this returns. */
#include "http/idempotency_key.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_ticket.h"

int tickets_create(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[TF_CREATE_N];
    if (validate_json(req->json, ticket_create_fields, TF_CREATE_N, v, err))
        return -1;
    const char *key;
    if (request_idempotency_key(req, &key, err))
        return -1;
    long long id = 0;
    struct ticket t;
    bool replayed = false;
    if (ticket_ops_create(req->arena, &req->user, v[TF_SUBJECT].s, v[TF_BODY].s,
                          v[TF_PRIORITY].present ? v[TF_PRIORITY].s : "normal", key, &id, &t,
                          &replayed, err))
        return -1;
    /* The answer is the ticket as stored, from what the worker holds: no read back
     * (a replay's is the first ticket as it is now). */
    struct json_object *o = view_ticket(req->arena, &t, ticket_ops_is_staff(&req->user), NULL, 0);
    if (!o || response_json(res, 201, o) || tickets_mark_replay(res, replayed))
        return err_unavailable(err, "out of memory");
    return 0;
}
