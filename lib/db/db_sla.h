/* db_sla: the SLA targets per priority and the opening hours they are counted in. */
#ifndef DESKPILOT_DB_DB_SLA_H
#define DESKPILOT_DB_DB_SLA_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

/* One priority's targets in business minutes; 0 = no target of that kind. */
struct sla_policy_row {
    const char *priority;
    long long first_response_minutes, resolution_minutes;
};

/* The calendar (arena copies) and every stored policy (at most max, into caller
 * storage; priorities without a row have no targets). */
int db_sla_load(struct arena *a, const char **time_zone, const char **hours,
                struct sla_policy_row *policies, int max, int *n, struct app_err *err);
/* Store the calendar's zone and hours (validated by the caller). */
int db_sla_store_calendar(const char *time_zone, const char *hours, struct app_err *err);
/* Store one priority's targets (0 = none). */
int db_sla_store_policy(const char *priority, long long first_response_minutes,
                        long long resolution_minutes, struct app_err *err);

/* A ticket's due times, "YYYY-MM-DD HH:MM:SS" UTC or NULL (no target). */
int db_sla_set_due(long long ticket_id, const char *first_response_due, const char *resolution_due,
                   struct app_err *err);
/* The resolution clock stops now (the ticket waits on its customer, or is done). */
int db_sla_pause(long long ticket_id, struct app_err *err);
/* `seconds` of business time more stood still, and the resolution is due at
 * resolution_due (NULL: no target); the clock runs again, or (still_stopped) stays
 * stopped from now. */
int db_sla_settle(long long ticket_id, long long seconds, bool still_stopped,
                  const char *resolution_due, struct app_err *err);

#endif
