/* settings: GET and PUT /api/admin/settings — thresholds and the feedback-loop targets. */
#include "settings/settings.h"
#include "admin.h"

int api_settings_get(struct request *req, struct response *res, struct app_err *err)
{
    struct settings s;
    if (settings_load(&s, err))
        return -1;
    return api_respond(res, 200, settings_json(req->arena, &s), err);
}

int api_settings_put(struct request *req, struct response *res, struct app_err *err)
{
    struct settings s;
    if (settings_update(req->json, req->user.id, &s, err))
        return -1;
    return api_respond(res, 200, settings_json(req->arena, &s), err);
}
