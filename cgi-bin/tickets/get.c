/* get: GET /api/tickets/{id} — one ticket with its conversation. */
#include "tickets.h"

int tickets_get(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket t;
    if (tickets_load_visible(req, false, &t, err))
        return -1;
    return tickets_respond(req, res, t.id, 200, true, err);
}
