/* db_lease: named leases with a holder and an expiry (sql/024 cluster_leases) — a lock
 * every host of a Galera cluster sees, which GET_LOCK (one server's) is not. */
#ifndef DESKPILOT_DB_DB_LEASE_H
#define DESKPILOT_DB_DB_LEASE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Take lease name for holder (a string unique to this attempt) for ttl seconds: free,
 * or its holder's expiry passed (a holder that died). *taken false when someone else
 * holds it. One statement on its own (committed at once); under Galera two hosts
 * taking it at once conflict at certification, and the loser's retry finds it taken. */
int db_lease_take(const char *name, const char *holder, long long ttl, bool *taken,
                  struct app_err *err);
/* The holder of lease name into out (outlen bytes; "" when free). */
int db_lease_holder(const char *name, char *out, size_t outlen, struct app_err *err);
/* Take lease name over from old (a holder known to be dead) for holder: *taken true
 * when old still held it and now holder does. */
int db_lease_take_over(const char *name, const char *old, const char *holder, long long ttl,
                       bool *taken, struct app_err *err);
/* Give it back, if holder still holds it; failures are only logged. */
void db_lease_release(const char *name, const char *holder);

#endif
