/* intent_simulate: what a confidence threshold would have done on the labelled
 * history — the body of GET /api/admin/simulate, which /admin/settings renders too. */
#ifndef DESKPILOT_INTENT_INTENT_SIMULATE_H
#define DESKPILOT_INTENT_INTENT_SIMULATE_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db_stats.h"
#include "json/validate.h"

struct json_object;

/* The simulator's query parameters: confidence_threshold (0..1) and intent (an
 * identifier), in this order — one table for the API and the settings page. */
enum { SIM_Q_THRESHOLD, SIM_Q_INTENT, SIM_Q_N };
extern const struct field_spec simulate_query[SIM_Q_N];

/* What a confidence threshold would have done on the labelled history of r:
 * {"confidence_threshold", "tickets", "would_auto_resolve", "automation_rate",
 *  "estimated_precision", "by_intent": [{"intent", ...the same counts}]}.
 * intent NULL = all intents (callers pass the threshold in force: pipeline_settings).
 * *out is owned by a. 503 when the database is down or memory ran out. */
int simulate_json(struct arena *a, double threshold, const char *intent,
                  const struct stats_range *r, struct json_object **out, struct app_err *err);

#endif
