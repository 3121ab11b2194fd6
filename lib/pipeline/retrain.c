/* retrain: trainer_run plus its audit entry. */
#include "pipeline/retrain.h"

#include <stdio.h>

#include "core/config.h"
#include "db/db_audit.h"
#include "json/jbuild.h"

int retrain_now(struct arena *a, long long actor, struct train_summary *out, struct app_err *err)
{
    if (trainer_run(g_config.model_path, actor, out, err))
        return -1;
    struct jbuild detail;
    jb_object(&detail, a);
    jb_int(&detail, "intents", out->intents);
    jb_int(&detail, "examples", out->examples);
    jb_int(&detail, "tickets", out->tickets);
    jb_int(&detail, "negatives", out->negatives);
    const char *text = jb_json(jb_finish(&detail), NULL);
    if (!text)
        return err_unavailable(err, "out of memory writing the audit entry");
    char target[32];
    snprintf(target, sizeof target, "model:%lld", out->version);
    return db_audit_write(actor, "model.retrain", target, text, err);
}
