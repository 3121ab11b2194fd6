/* db_model: what training reads (examples, labelled tickets, known solutions) and model versions.
 */
#ifndef DESKPILOT_DB_MODEL_H
#define DESKPILOT_DB_MODEL_H

#include <stdbool.h>

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* One known solution: an agent-resolved ticket whose resolution stands. Strings
 * are valid only during the callback. */
struct db_solution {
    long long seq; /* solutions.id: its place in the order solutions appeared */
    long long ticket_id;
    const char *text;   /* subject + "\n" + body */
    const char *intent; /* NULL when unknown */
    const char *solution;
    bool reusable;
    bool retracted; /* the ticket was reopened: forget its resolution */
};
typedef int (*db_solution_fn)(void *ctx, const struct db_solution *s);

/* Solutions and retractions with seq > after, oldest first, at most limit (all
 * standing tickets once, with their current resolution, when limit is 0). */
int db_model_solutions(long long after, int limit, db_solution_fn fn, void *ctx,
                       struct app_err *err);
/* Agent-resolved tickets with an intent: labelled examples (text, intent). */
typedef int (*db_labelled_fn)(void *ctx, const char *intent, const char *text);
int db_model_labelled(db_labelled_fn fn, void *ctx, struct app_err *err);
/* "None of ours" examples, fn(ctx, NULL, text) each: agent-resolved tickets labelled
 * with the reserved intent `reserved`, or left without an intent although the model
 * had classified them (the agent cleared it), and history imported with no intent. A
 * ticket that was never classified (no model yet) is not one: nobody said it was
 * about no intent. */
int db_model_unlabelled(const char *reserved, db_labelled_fn fn, void *ctx, struct app_err *err);
/* The newest solutions.id (0 when none). */
int db_model_watermark_now(long long *seq, struct app_err *err);

int db_model_next_version(long long *version, struct app_err *err);
/* A model version as recorded: its numbers and its file's SHA-256 (hex) and size. */
struct db_model_version {
    long long version, watermark, intents, examples, tickets, train_ms;
    long long actor_id; /* 0: the command line */
    const char *sha256;
    long long bytes;
};
/* Record v, in the caller's transaction — the one that stores its chunks and then makes
 * it the newest version (db_generation_bump_model, last: the generation's row lock,
 * which every writer of cached state takes, is held for the shortest time). */
int db_model_record(const struct db_model_version *v, struct app_err *err);
/* Chunk seq (from 0) of version's file, a BLOB (the caller keeps it under the server's
 * max_allowed_packet). */
int db_model_put_chunk(long long version, long long seq, const void *data, size_t len,
                       struct app_err *err);
/* fn(ctx, bytes, len, err) with chunk seq of version (valid during the call); *found
 * false when there is no such chunk. */
typedef int (*db_chunk_fn)(void *ctx, const char *data, size_t len, struct app_err *err);
int db_model_chunk(long long version, long long seq, db_chunk_fn fn, void *ctx, bool *found,
                   struct app_err *err);
/* The SHA-256 (in a) and size stored with version; *found false for an unknown version
 * or one without them (recorded before sql/024). */
int db_model_digest(struct arena *a, long long version, char **sha256, long long *bytes,
                    bool *found, struct app_err *err);
/* Drop the chunks of all but the newest keep versions (the rows stay: their history). */
int db_model_prune(long long keep, struct app_err *err);
/* A restore: every chunk goes, and version (the restored model's) gets the digest of
 * its file, whose chunks the caller then stores — in the restore's transaction. */
int db_model_republish(long long version, const char *sha256, long long bytes, struct app_err *err);
/* The watermark a model version was built with; *found false for unknown versions. */
int db_model_watermark(long long version, long long *watermark, bool *found, struct app_err *err);
/* The newest recorded version, 0 when none. */
int db_model_latest(long long *version, struct app_err *err);

#endif
