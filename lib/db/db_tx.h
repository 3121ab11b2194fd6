/* db_tx: run a unit of work again, once, when its transaction lost a conflict. */
#ifndef DESKPILOT_DB_DB_TX_H
#define DESKPILOT_DB_DB_TX_H

#include <stdbool.h>

#include "core/err.h"

/* One unit of work: begins and commits its own transaction(s); 0 or -1 with err. */
typedef int (*db_tx_body)(void *ctx, struct app_err *err);

/* Run body; when it fails because its transaction was chosen as a deadlock's victim,
 * failed Galera's certification (both are ER_LOCK_DEADLOCK, on any statement or on
 * COMMIT), waited too long for a lock, or lost its database node before COMMIT was
 * sent (db_replayable: the next host of DESKPILOT_DB_HOSTS gets the rerun) — and nothing became
 * durable during the attempt (no COMMIT acknowledged, no write outside a transaction), so running
 * it again cannot do anything twice — roll back and run it once more. At most two runs; the second
 * failure is returned as it is (503 with Retry-After for a conflict). A body must keep every other
 * effect in memory it may redo (the request's arena). */
int db_tx_retry(db_tx_body body, void *ctx, struct app_err *err);

/* True when the latest failure was such a conflict (for db_tx_retry and tests). */
bool db_tx_conflicted(void);

#endif
