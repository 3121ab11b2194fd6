/* db_quota: the sign-up quota's counters (signup_quota, sql/011). The ticket quota
 * needs none: it is counted on the user row (db_users.h). */
#ifndef DESKPILOT_DB_QUOTA_H
#define DESKPILOT_DB_QUOTA_H

#include <stdbool.h>

#include "core/err.h"

/* Count one sign-up from ip in clock hour `hour` (unix time / 3600) unless `limit`
 * are counted already (*taken false, nothing changed). Atomic: concurrent sign-ups
 * from one address are serialised by its row. Also forgets up to 100 addresses of
 * past hours, so the table holds about one hour of addresses. */
int db_signup_quota_take(const char *ip, long long hour, long long limit, bool *taken,
                         struct app_err *err);

#endif
