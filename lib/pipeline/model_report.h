/* model_report: what the model in force measured about itself at training time, for
 * admins — the body of GET /api/admin/model, which /admin/model renders too. */
#ifndef DESKPILOT_PIPELINE_MODEL_REPORT_H
#define DESKPILOT_PIPELINE_MODEL_REPORT_H

#include "core/arena.h"
#include "core/err.h"

struct json_object;

/* {"model_version", "intents", "resolved_tickets", "negatives", "cv_accuracy",
 *  "cv_macro_f1", "oos_false_accept_rate", "target_precision", "threshold",
 *  "threshold_source", "estimated_precision", "estimated_coverage",
 *  "curve": [{"threshold", "precision", "coverage"}] (0, 0.05, ..., 1),
 *  "by_intent": [{"intent", "f1", "precision", "recall", "support", "threshold"}],
 *  "confused": [{"intent", "predicted", "count"}] (most frequent first),
 *  "build": {"target_precision", "threshold", "precision", "coverage", "folds",
 *            "cv_in_scope", "cv_unknown"}}.
 * Numbers the model could not measure (no model, too few intents) are null and the
 * lists empty. Owned by a. 503 when the database is down or memory ran out. */
int model_report_json(struct arena *a, struct json_object **out, struct app_err *err);

#endif
