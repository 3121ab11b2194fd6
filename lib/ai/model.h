/* model: the versioned model artefact (classifier + similar-ticket index) --
 * built and written atomically, mapped read-only and shared by workers. */
#ifndef DESKPILOT_AI_MODEL_H
#define DESKPILOT_AI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ai/classifier.h"
#include "ai/delta.h"
#include "ai/session.h"

#define AI_MODEL_FORMAT 1

/* A labelled example for the classifier. Borrowed during the build. */
struct ai_example {
    const char *text;
    const char *intent;
};

/* A resolved ticket for the similarity index. Borrowed during the build. */
struct ai_resolved {
    int64_t ticket_id;
    const char *text;      /* what the customer wrote (subject + body) */
    const char *intent;    /* NULL when unknown */
    const char *solution;  /* the agent's resolution; NULL reads as "" */
    bool reusable;         /* may be sent automatically to another customer */
};

struct ai_build_input {
    uint64_t version;                     /* stored as is; callers keep it increasing */
    const struct ai_example *examples;
    size_t nexamples;
    const struct ai_resolved *tickets;
    size_t ntickets;
    const struct ai_train_opts *opts;     /* NULL: ai_train_opts_default */
};

struct ai_build_report {
    struct ai_train_report train;         /* zero when no classifier was trained */
    size_t nintents;                      /* distinct intents of the examples */
    uint64_t file_bytes;
    double seconds;                       /* whole build, write included */
};

/* Train the classifier on the examples (skipped when they name fewer than two
 * intents: the model then only finds similar tickets), index the tickets, and
 * write the model to path atomically: a temporary file in the same directory,
 * fsync, rename. Readers see the old file or the new one, never a mix.
 * rep and msg may be NULL. Returns 0, AI_EINVAL, AI_ENOMEM, AI_EIO, AI_ERANGE;
 * msg then says what (with the path, for the administrator's log). */
int ai_model_build(const char *path, const struct ai_build_input *in, struct ai_build_report *rep, char *msg,
                   size_t msglen);

struct ai_model;

/* Map and validate the model at path (magic, format, sizes, checksum, every
 * offset and id in range): a corrupt or truncated file is refused, never read
 * out of bounds. The mapping is read-only and shared between processes.
 * Returns 0, AI_EIO (cannot open/map), AI_ECORRUPT (invalid), AI_ENOMEM. */
int ai_model_open(const char *path, struct ai_model **out, char *msg, size_t msglen);
/* Unmap; harmless on NULL. Strings borrowed from the model die with it. */
void ai_model_close(struct ai_model *m);

/* Cheap (one stat) check for the per-request reload: true when the file at
 * path is no longer the one m was opened from (replaced, so probably a newer
 * build). False when it is the same file or path cannot be read (keep serving). */
bool ai_model_changed(const struct ai_model *m, const char *path);

uint64_t ai_model_version(const struct ai_model *m);
/* Intents the classifier knows (0 without a classifier) and their names. */
size_t ai_model_nintents(const struct ai_model *m);
const char *ai_model_intent(const struct ai_model *m, size_t i);
size_t ai_model_ntickets(const struct ai_model *m);
uint64_t ai_model_file_bytes(const struct ai_model *m);
const struct ai_classifier *ai_model_classifier(const struct ai_model *m); /* NULL without one */

/* One intent guess; intent is borrowed from the model. */
struct ai_intent_guess {
    const char *intent;
    float prob;
};

/* The k most probable intents for text, best first, calibrated probabilities.
 * *nout = 0 when the model has no classifier. Returns 0 or AI_ENOMEM. */
int ai_model_classify(const struct ai_model *m, struct ai_session *s, const char *text, size_t len,
                      struct ai_intent_guess *out, size_t k, size_t *nout);

/* One similar resolved ticket. Strings are borrowed from the model or the
 * delta (valid until either changes); intent may be NULL, solution never is. */
struct ai_similar {
    int64_t ticket_id;
    float score;           /* cosine, 0..1 */
    const char *intent;
    const char *solution;
    bool reusable;
    bool from_delta;
};

/* The k most similar resolved tickets to text among the model's and the
 * delta's (delta may be NULL), score >= min_score, best first. A ticket id in
 * both counts once, with the delta's data (it is newer). The delta caches
 * per-model norms, hence non-const. Returns 0 or AI_ENOMEM. */
int ai_model_similar(const struct ai_model *m, struct ai_delta *delta, struct ai_session *s, const char *text,
                     size_t len, size_t k, float min_score, struct ai_similar *out, size_t *nout);

/* The model's similarity index (for ai_delta_search and ai_simindex_query). */
const struct ai_simindex *ai_model_simindex(const struct ai_model *m);

#endif
