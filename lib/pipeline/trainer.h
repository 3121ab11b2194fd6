/* trainer: rebuild the model from the database — intents' examples, labelled resolved
 * tickets and known solutions — as one new versioned artefact. */
#ifndef DESKPILOT_PIPELINE_TRAINER_H
#define DESKPILOT_PIPELINE_TRAINER_H

#include "core/err.h"

struct train_summary {
    long long version;
    long long intents, examples, tickets;
    long long negatives; /* of the examples, "none of ours" (resolved with no intent or "other") */
    long long train_ms;
};

/* Build and atomically replace the model at path, record its version (actor 0 =
 * the command line) and return the numbers. One build at a time across all
 * processes: a concurrent call is 409. Workers pick the new file up on their
 * next request. */
int trainer_run(const char *path, long long actor_id, struct train_summary *out,
                struct app_err *err);

#endif
