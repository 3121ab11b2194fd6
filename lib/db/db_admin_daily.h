/* db_admin_daily: tickets per day for the admin dashboard's chart. */
#ifndef DESKPILOT_DB_ADMIN_DAILY_H
#define DESKPILOT_DB_ADMIN_DAILY_H

#include "core/arena.h"
#include "core/err.h"

struct db_day_count {
    const char *day;         /* "YYYY-MM-DD" (UTC) */
    long long tickets;       /* created that day */
    long long auto_resolved; /* of which the pipeline answered automatically */
};

/* Tickets created per UTC day from `since` ('YYYY-MM-DD HH:MM:SS' UTC, bound as a
 * parameter) on, oldest day first; days without tickets have no row. At most max
 * rows into *out (arena array) and *n. 503 when the database is down. */
int db_admin_daily(struct arena *a, const char *since, int max, struct db_day_count **out, int *n,
                   struct app_err *err);

#endif
