/* db_model: what training reads (examples, labelled tickets, known solutions) and model versions.
 */
#ifndef DESKPILOT_DB_MODEL_H
#define DESKPILOT_DB_MODEL_H

#include <stdbool.h>

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
int db_model_record(long long version, long long watermark, long long intents, long long examples,
                    long long tickets, long long train_ms, long long actor_id, struct app_err *err);
/* The watermark a model version was built with; *found false for unknown versions. */
int db_model_watermark(long long version, long long *watermark, bool *found, struct app_err *err);
/* The build lock, one holder across every process on this database (GET_LOCK):
 * *taken false when another build holds it. Released by db_model_unlock or when
 * the connection ends. */
int db_model_lock(bool *taken, struct app_err *err);
void db_model_unlock(void);
/* The newest recorded version, 0 when none. */
int db_model_latest(long long *version, struct app_err *err);

#endif
