/* get: GET /api/tickets/{id} — one ticket with its conversation. */
#include "tickets.h"

int tickets_get(struct request *req, struct response *res, struct app_err *err)
{
    return tickets_respond(req, res, tickets_path_id(req), 200, true, err);
}
