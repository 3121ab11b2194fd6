/* retrain: "retrain the model now" as an admin action — behind
 * POST /api/admin/retrain and the dashboard's Retrain button. */
#ifndef DESKPILOT_PIPELINE_RETRAIN_H
#define DESKPILOT_PIPELINE_RETRAIN_H

#include "core/arena.h"
#include "core/err.h"
#include "pipeline/trainer.h"

/* Rebuild the model at g_config.model_path (trainer_run) as admin `actor`, then
 * audit it as "model.retrain" (target "model:<version>", detail the counts as JSON
 * built in a).
 * *out receives the new version and its numbers; every worker switches to it on
 * its next request. 409 while another build runs; 503 when the database is down. */
int retrain_now(struct arena *a, long long actor, struct train_summary *out, struct app_err *err);

#endif
