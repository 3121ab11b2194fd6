/* service: what every worker group shares above the domain — the database as the
 * dispatcher's store, and the health check. */
#ifndef DESKPILOT_SERVICE_SERVICE_H
#define DESKPILOT_SERVICE_SERVICE_H

#include "core/err.h"
#include "http/app.h"

/* The database as struct app's store: one connection per worker, opened at
 * start-up, any open transaction rolled back after each request. */
extern const struct app_store service_store;

/* Is the database reachable, and which model version is the newest recorded
 * (0 = none)? 503 when the database is down. */
int service_health(long long *model_version, struct app_err *err);

/* The newest model version recorded (0 = none). */
int service_model_version(long long *version, struct app_err *err);

#endif
