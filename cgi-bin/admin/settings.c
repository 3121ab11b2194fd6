/* settings: GET and PUT /api/admin/settings — thresholds and the feedback-loop targets;
 * confidence_threshold is the global threshold in force, whoever chose it. */
#include "settings/settings.h"
#include "admin.h"
#include "pipeline/pipeline.h"

static int respond(struct request *req, struct response *res, int status, struct app_err *err)
{
    struct settings s;
    struct threshold global;
    if (pipeline_settings(&s, &global, NULL, err))
        return -1;
    return api_respond(res, status, settings_json(req->arena, &s), err);
}

int api_settings_get(struct request *req, struct response *res, struct app_err *err)
{
    return respond(req, res, 200, err);
}

int api_settings_put(struct request *req, struct response *res, struct app_err *err)
{
    struct settings s;
    if (settings_update(req->json, req->user.id, &s, err))
        return -1;
    return respond(req, res, 200, err);
}
