/* ticket_stats: the numbers of the admin dashboard — the body of GET /api/admin/stats,
 * which the /admin/ page renders too — and the tickets-per-day series. */
#ifndef DESKPILOT_TICKET_TICKET_STATS_H
#define DESKPILOT_TICKET_TICKET_STATS_H

#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_stats.h"

struct json_object;

/* since/until as a client gives them ("2026-11-23" or "2026-11-23T22:59:32Z";
 * NULL or "" = open end) into *r as SQL times (strings in a). 400 naming the bad
 * parameter. */
int ticket_stats_range(struct arena *a, const char *since, const char *until, struct stats_range *r,
                       struct app_err *err);

/* The intents deflected_by_intent lists at most (the most deflected first). */
#define STATS_DEFLECTION_INTENTS 100

/* {"tickets", "by_status", "auto_resolved", "auto_resolution_rate",
 *  "auto_resolution_precision", "rated_auto_resolutions", "confirmed_resolutions",
 *  "reopened_after_auto", "csat", "ratings", "median_first_response_seconds",
 *  "by_intent": [{"intent", "tickets", "auto_resolved", "helpful", "not_helpful",
 *  "measured_precision", "auto_paused"}], "deflected", "deflected_by_intent":
 *  [{"intent", "deflected"}]} for tickets created (questions deflected) in r; ratios are null
 * when nothing was counted. *out is owned by a. 503 when the database is down or
 * memory ran out. */
int ticket_stats_json(struct arena *a, const struct stats_range *r, struct json_object **out,
                      struct app_err *err);

struct stats_day {
    char day[11];  /* "YYYY-MM-DD" (UTC) */
    char label[8]; /* "3 Mar" */
    long long tickets, auto_resolved;
};

/* The `days` UTC days ending with the day of `now` (1..366), oldest first, one entry
 * per day with zeros where nothing was filed, into *out (arena array). 503 when the
 * database is down or memory ran out; 500 for a days value out of range. */
int ticket_stats_daily(struct arena *a, time_t now, int days, struct stats_day **out,
                       struct app_err *err);

#endif
