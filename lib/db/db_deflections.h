/* db_deflections: questions answered before they were filed, counted once each. */
#ifndef DESKPILOT_DB_DEFLECTIONS_H
#define DESKPILOT_DB_DEFLECTIONS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_stats.h"

/* Count one: hash is the SHA-256 of the suggestion's token (32 bytes); *added false
 * when that token was counted before. */
int db_deflections_add(const unsigned char hash[32], const char *intent, bool *added,
                       struct app_err *err);

struct deflection_count {
    const char *intent;
    long long count;
};
/* Deflections in r per intent, most first (at most max rows), and their total. */
int db_deflections_by_intent(struct arena *a, const struct stats_range *r, int max,
                             struct deflection_count **out, int *n, long long *total,
                             struct app_err *err);

#endif
