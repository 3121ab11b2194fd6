/* db_generation: the counter of cached state (settings, intents, solutions, models)
 * that every writer of that state bumps (sql/009_generation.sql). A request learns it
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

/* Mark cached state changed: called by each writer of it, in its transaction. */
int db_generation_bump(struct app_err *err);

/* A batch writer's bracket (an import: one long transaction): bumps wait until
 * db_generation_batch_end, which bumps once, so the batch does not hold the counter's
 * row lock — and with it every resolution — for its whole length. */
int db_generation_batch_begin(struct app_err *err);
int db_generation_batch_end(struct app_err *err);

#endif
