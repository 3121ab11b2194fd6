/* create: POST /api/tickets — file a ticket; the pipeline has answered it when this returns. */
#include "ticket/ticket_fields.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"

int tickets_create(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[TF_CREATE_N];
    if (validate_json(req->json, ticket_create_fields, TF_CREATE_N, v, err))
        return -1;
    long long id = 0;
    if (ticket_ops_create(req->arena, &req->user, v[TF_SUBJECT].s, v[TF_BODY].s,
                          v[TF_PRIORITY].present ? v[TF_PRIORITY].s : "normal", &id, err))
        return -1;
    return tickets_respond(req, res, id, 201, false, err);
}
