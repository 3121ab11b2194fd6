/* retrain: trainer_run plus its audit entry. */
#include "pipeline/retrain.h"

#include <stdio.h>

#include "core/config.h"
#include "db/db_audit.h"

int retrain_now(long long actor, struct train_summary *out, struct app_err *err)
{
    if (trainer_run(g_config.model_path, actor, out, err))
        return -1;
    char detail[128];
    snprintf(detail, sizeof detail, "{\"intents\":%lld,\"examples\":%lld,\"tickets\":%lld}",
             out->intents, out->examples, out->tickets);
    char target[32];
    snprintf(target, sizeof target, "model:%lld", out->version);
    return db_audit_write(actor, "model.retrain", target, detail, err);
}
