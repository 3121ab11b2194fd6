/* model: GET /api/admin/model — the model's report: cross-validated accuracy, per-intent
 * quality, confusions, the unknown-topic false-accept rate, the precision/automation
 * curve and the threshold in force. */
#include "admin.h"
#include "pipeline/model_report.h"

int api_model(struct request *req, struct response *res, struct app_err *err)
{
    struct json_object *o;
    if (model_report_json(req->arena, &o, err))
        return -1;
    return api_respond(res, 200, o, err);
}
