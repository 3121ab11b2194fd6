/* db_login: the sign-in limit counters (login_limits, sql/011). */
#ifndef DESKPILOT_DB_LOGIN_H
#define DESKPILOT_DB_LOGIN_H

#include <stdbool.h>

#include "core/err.h"

/* One counter: account "" counts an address across accounts; client is an address,
 * "d:" + a device cookie's nonce, or "*" (the account from unknown clients). */
struct login_key {
    const char *account;
    const char *client;
};

/* How the counter of one key stands now: wait > 0 is the seconds until it allows
 * an attempt; known says a sign-in succeeded from that client recently. */
struct login_standing {
    long long wait;
    bool known;
};

/* The standing of n keys (at most 4), out[i] for keys[i]; a key without a row is
 * {0, false}. One statement. */
int db_login_standing(const struct login_key *keys, int n, struct login_standing *out,
                      struct app_err *err);
/* How a counter grows: max_free failures without a wait, then each failure makes
 * the next attempt wait base_delay, twice that, ... up to max_delay seconds;
 * failures are forgotten `window` seconds after the last allowed time. */
struct login_rule {
    long long max_free, base_delay, max_delay, window;
};

/* Take an attempt from key's counter atomically: counted as a failure in advance
 * (a success gives it back), refused (*taken false, nothing changed) while the
 * counter waits. Concurrent takes are serialised by the row lock, so they cannot
 * all pass one check. */
int db_login_take(const struct login_key *key, const struct login_rule *rule, bool *taken,
                  struct app_err *err);
/* Give back an attempt taken from a shared counter (the address's or the
 * account's) that turned out a success: one failure less, and no wait while the
 * count is within max_free. */
int db_login_give_back(const struct login_key *key, long long max_free, struct app_err *err);
/* A success from key's client: its count starts over and the client is known for
 * known_ttl seconds. */
int db_login_succeeded(const struct login_key *key, long long known_ttl, struct app_err *err);
/* Forget key's counter (a device cookie's, replaced at each success). */
int db_login_forget(const struct login_key *key, struct app_err *err);
/* Delete at most 100 counters that have expired: keeps the table bounded. */
int db_login_prune(struct app_err *err);

#endif
