/* admin_stats: the numbers of the admin dashboard and the threshold simulator — the
 * bodies of GET /api/admin/stats and /api/admin/simulate, which the /admin/ and
 * /admin/settings pages render too — and the tickets-per-day series. */
#ifndef DESKPILOT_ADMIN_STATS_H
#define DESKPILOT_ADMIN_STATS_H

#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_stats.h"
#include "json/validate.h"

struct json_object;

/* The simulator's query parameters: confidence_threshold (0..1) and intent (an
 * identifier), in this order — one table for the API and the settings page. */
enum { ADMIN_SIM_THRESHOLD, ADMIN_SIM_INTENT, ADMIN_SIM_NQUERY };
extern const struct field_spec admin_simulate_query[ADMIN_SIM_NQUERY];

/* since/until as a client gives them ("2026-11-23" or "2026-11-23T22:59:32Z";
 * NULL or "" = open end) into *r as SQL times (strings in a). 400 naming the bad
 * parameter. */
int admin_stats_range(struct arena *a, const char *since, const char *until, struct stats_range *r,
                      struct app_err *err);

/* {"tickets", "by_status", "auto_resolved", "auto_resolution_rate",
 *  "auto_resolution_precision", "rated_auto_resolutions", "confirmed_resolutions",
 *  "reopened_after_auto", "csat", "ratings", "median_first_response_seconds",
 *  "by_intent": [{"intent", "tickets", "auto_resolved", "helpful", "not_helpful",
 *  "measured_precision", "auto_paused"}]} for tickets created in r; ratios are null
 * when nothing was counted. *out is the caller's. 503 when the database is down or
 * memory ran out. */
int admin_stats_json(struct arena *a, const struct stats_range *r, struct json_object **out,
                     struct app_err *err);

/* What a confidence threshold would have done on the labelled history of r:
 * {"confidence_threshold", "tickets", "would_auto_resolve", "automation_rate",
 *  "estimated_precision", "by_intent": [{"intent", ...the same counts}]}.
 * threshold < 0 means the stored confidence_threshold; intent NULL = all intents.
 * *out is the caller's. 503 when the database is down or memory ran out. */
int admin_simulate_json(struct arena *a, double threshold, const char *intent,
                        const struct stats_range *r, struct json_object **out, struct app_err *err);

struct admin_day {
    char day[11];  /* "YYYY-MM-DD" (UTC) */
    char label[8]; /* "3 Mar" */
    long long tickets, auto_resolved;
};

/* The `days` UTC days ending with the day of `now` (1..366), oldest first, one entry
 * per day with zeros where nothing was filed, into *out (arena array). 503 when the
 * database is down or memory ran out; 500 for a days value out of range. */
int admin_stats_daily(struct arena *a, time_t now, int days, struct admin_day **out,
                      struct app_err *err);

#endif
