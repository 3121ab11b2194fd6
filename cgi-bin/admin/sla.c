/* sla: GET and PUT /api/admin/sla — the opening hours, their time zone and the
 * first-response and resolution targets per priority. */
#include "ticket/sla.h"
#include "admin.h"

int api_sla_get(struct request *req, struct response *res, struct app_err *err)
{
    struct sla_config c;
    if (sla_load(req->arena, &c, err))
        return -1;
    return api_respond(res, 200, sla_json(req->arena, &c), err);
}

int api_sla_put(struct request *req, struct response *res, struct app_err *err)
{
    struct sla_config c;
    if (sla_update(req->arena, req->json, req->user.id, &c, err))
        return -1;
    return api_respond(res, 200, sla_json(req->arena, &c), err);
}
