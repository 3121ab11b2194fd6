/* retrain: POST /api/admin/retrain — rebuild the model now; every worker switches on its next request. */
#include <json.h>
#include <stdio.h>

#include "admin.h"
#include "core/config.h"
#include "db/db_audit.h"
#include "pipeline/trainer.h"

int admin_retrain(struct request *req, struct response *res, struct app_err *err)
{
    struct train_summary s;
    if (trainer_run(g_config.model_path, req->user.id, &s, err))
        return -1;
    char detail[128];
    snprintf(detail, sizeof detail, "{\"intents\":%lld,\"examples\":%lld,\"tickets\":%lld}",
             s.intents, s.examples, s.tickets);
    char target[32];
    snprintf(target, sizeof target, "model:%lld", s.version);
    if (db_audit_write(req->user.id, "model.retrain", target, detail, err))
        return -1;
    json_object *o = json_object_new_object();
    if (!o)
        return err_unavailable(err, "out of memory");
    json_object_object_add(o, "model_version", json_object_new_int64(s.version));
    json_object_object_add(o, "intents", json_object_new_int64(s.intents));
    json_object_object_add(o, "examples", json_object_new_int64(s.examples));
    json_object_object_add(o, "resolved_tickets", json_object_new_int64(s.tickets));
    json_object_object_add(o, "train_ms", json_object_new_int64(s.train_ms));
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}
