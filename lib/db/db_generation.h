/* db_generation: the counter of cached state (settings, intents, solutions, models)
 * that every writer of that state bumps (sql/009_generation.sql). A request learns it
 * with its user row; a worker's caches are current while it has not moved. */
#ifndef DESKPILOT_DB_DB_GENERATION_H
#define DESKPILOT_DB_DB_GENERATION_H

#include "core/err.h"

/* What this request saw (0 = nothing yet): the generation and the newest model
 * version (sql/024), read together. The user lookup notes them; the store's end of
 * request forgets them, so no request trusts another's reading. */
void db_generation_note(long long n, long long model_version);
void db_generation_forget(void);
/* The generation for this request: the one noted, else read now (one statement,
 * which notes the model version too). */
int db_generation_now(long long *n, struct app_err *err);
/* The newest model version recorded anywhere in the cluster, as db_generation_now. */
int db_generation_model(long long *version, struct app_err *err);

/* Mark cached state changed: called by each writer of it, in its transaction. */
int db_generation_bump(struct app_err *err);

/* A new model version: the generation moves and model_version becomes version (never
 * goes back), in the transaction that records it. Not held back by a batch. */
int db_generation_bump_model(long long version, struct app_err *err);

/* A batch writer's bracket (an import: one long transaction): bumps wait until
 * db_generation_batch_end, which bumps once, so the batch does not hold the counter's
 * row lock — and with it every resolution — for its whole length. */
int db_generation_batch_begin(struct app_err *err);
int db_generation_batch_end(struct app_err *err);

#endif
