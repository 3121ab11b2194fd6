/* create: POST /api/tickets — file a ticket; the pipeline has answered it when this returns. */
#include "json/validate.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"

static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};

int tickets_create(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_SUBJECT, F_BODY, F_PRIORITY };
    static const struct field_spec fields[] = {
        [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 200, 0, 0, NULL},
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, priorities},
    };
    struct field_value v[3];
    if (validate_json(req->json, fields, 3, v, err))
        return -1;
    long long id = 0;
    if (ticket_ops_create(req->arena, &req->user, v[F_SUBJECT].s, v[F_BODY].s,
                          v[F_PRIORITY].present ? v[F_PRIORITY].s : "normal", &id, err))
        return -1;
    return tickets_respond(req, res, id, 201, false, err);
}
