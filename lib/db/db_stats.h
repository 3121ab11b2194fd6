/* db_stats: the numbers behind the admin dashboard and the threshold simulator. */
#ifndef DESKPILOT_DB_STATS_H
#define DESKPILOT_DB_STATS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/ticket_status.h"

/* Time range [since, until) as 'YYYY-MM-DD HH:MM:SS' UTC; NULL = open end. */
struct stats_range {
    const char *since, *until;
};

struct stats_intent {
    const char *intent; /* NULL = tickets without an intent */
    long long tickets, auto_resolved, helpful, not_helpful;
    /* The catalogue's feedback-loop state (in_catalogue false: no such intent now). */
    bool in_catalogue, auto_paused;
    long long auto_helpful, auto_unhelpful;
};

struct stats {
    long long tickets;
    long long by_status[TS_COUNT]; /* in enum ticket_status order */
    long long auto_resolved;
    long long rated_auto, rated_auto_helpful;
    long long confirmed_resolutions;
    long long reopened_after_auto;
    long long ratings, satisfied; /* ratings given, of which 4 or 5 */
    bool has_median;
    double median_first_response;
    bool has_human_median; /* over the tickets a person answered first */
    double median_human_first_response;
    bool has_auto_median; /* over the tickets the pipeline answered by itself */
    double median_auto_first_response;
    long long auto_first_responses, human_first_responses; /* tickets answered each way */
    /* SLA targets of tickets with a due time: met, or missed (late, or not yet reached
     * and past due; a resolution while PENDING is not counted until it is decided). */
    long long sla_first_met, sla_first_missed, sla_resolution_met, sla_resolution_missed;
    struct stats_intent *by_intent;
    int nintents;
};

int db_stats_load(struct arena *a, const struct stats_range *r, struct stats *s,
                  struct app_err *err);

/* One labelled case for the simulator: what the model said and whether it was right. */
struct sim_case {
    const char *predicted; /* intent the pipeline chose */
    double confidence;
    bool correct; /* agent kept that intent, or the customer rated it helpful */
};

/* The labelled history: agent-resolved tickets with an intent and a stored
 * prediction, and rated auto-resolutions, of tickets created in r. Only intent
 * when not NULL. */
int db_stats_labelled(struct arena *a, const char *intent, const struct stats_range *r,
                      struct sim_case **out, int *n, struct app_err *err);

#endif
