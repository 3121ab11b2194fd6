/* db_generation: the counter of cached state (settings, intents, solutions, models)
 * that triggers bump on every change (sql/009_generation.sql). A request learns it
 * with its user row; a worker's caches are current while it has not moved. */
#ifndef DESKPILOT_DB_DB_GENERATION_H
#define DESKPILOT_DB_DB_GENERATION_H

#include "core/err.h"

/* What this request saw (0 = nothing yet). The user lookup notes it; the store's
 * end of request forgets it, so no request trusts another's reading. */
void db_generation_note(long long n);
void db_generation_forget(void);
/* The generation for this request: the one noted, else read now (one statement). */
int db_generation_now(long long *n, struct app_err *err);

/* A batch writer's bracket (inside its transaction): triggers stop bumping the counter
 * for this connection; db_generation_batch_end bumps it once and restores them. */
int db_generation_batch_begin(struct app_err *err);
int db_generation_batch_end(struct app_err *err);

#endif
