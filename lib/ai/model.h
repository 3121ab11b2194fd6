/* model: the versioned model artefact (classifier + similar-ticket index) --
 * built and written atomically, mapped read-only and shared by workers. */
#ifndef DESKPILOT_AI_MODEL_H
#define DESKPILOT_AI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ai/classifier.h"
#include "ai/delta.h"
#include "ai/session.h"

/* 2: out-of-scope-aware confidence, exemplars, curve and report. A file of
 * another format is refused by ai_model_open (rebuild it with a retrain). */
#define AI_MODEL_FORMAT 2

/* A labelled example for the classifier. Borrowed during the build.
 * intent NULL (or "") marks a "none of ours" negative: a ticket an agent
 * resolved with no intent, or with a reserved intent that never auto-resolves,
 * or an imported history line with "intent": null. It never becomes a class;
 * it teaches the out-of-scope-aware confidence what unknown topics look like,
 * and is counted in the report. */
struct ai_example {
    const char *text;
    const char *intent;
};

/* A resolved ticket for the similarity index. Borrowed during the build. */
struct ai_resolved {
    int64_t ticket_id;
    const char *text;     /* what the customer wrote (subject + body) */
    const char *intent;   /* NULL when unknown */
    const char *solution; /* the agent's resolution; NULL reads as "" */
    bool reusable;        /* may be sent automatically to another customer */
};

struct ai_build_input {
    uint64_t version; /* stored as is; callers keep it increasing */
    const struct ai_example *examples;
    size_t nexamples;
    const struct ai_resolved *tickets;
    size_t ntickets;
    const struct ai_train_opts *opts; /* NULL: ai_train_opts_default; its target_precision
                                         picks the report's threshold */
};

struct ai_build_report {
    struct ai_train_report train; /* zero when no classifier was trained */
    size_t nintents;              /* distinct intents of the examples */
    size_t nnegatives;            /* examples with no intent */
    double threshold;             /* picked for the target precision; 0 without cross-validation */
    uint64_t file_bytes;
    double seconds; /* whole build, write included */
};

/* Train the classifier on the examples (skipped when they name fewer than two
 * intents: the model then only finds similar tickets), index the tickets, and
 * write the model to path atomically: a temporary file in the same directory,
 * fsync, rename. Readers see the old file or the new one, never a mix.
 * rep and msg may be NULL. Returns 0, AI_EINVAL, AI_ENOMEM, AI_EIO, AI_ERANGE;
 * msg then says what (with the path, for the administrator's log). */
int ai_model_build(const char *path, const struct ai_build_input *in, struct ai_build_report *rep,
                   char *msg, size_t msglen);

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

/* What a file is, as far as a reload cares: the same stamp, the same bytes
 * (a rename changes the inode, a write in place the size or mtime). */
struct ai_model_stamp {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    struct timespec ctime; /* no one can set it back: a byte changed in place shows */
};
/* One stat; false when path cannot be read. */
bool ai_model_stamp_read(const char *path, struct ai_model_stamp *out);
bool ai_model_stamp_equal(const struct ai_model_stamp *a, const struct ai_model_stamp *b);

/* For a server, which must survive the file at path being truncated or written
 * over in place under it (a mapping of it would fault, SIGBUS, or change under
 * the validated pointers): path is read, never mapped, and validated; the model
 * is then served from the verified copy at keep -- written by this function
 * (temporary file, rename) unless keep already holds the same bytes, so the
 * workers that load one model share one mapping -- or, when keep cannot be
 * written, from private memory. keep is also the last good model to fall back
 * on when path is damaged: open it with path == keep. *stamp is the file read
 * (also when refused), for the caller to try a refused file only once. The
 * return codes and messages are ai_model_open's. */
int ai_model_open_kept(const char *path, const char *keep, struct ai_model **out,
                       struct ai_model_stamp *stamp, char *msg, size_t msglen);

uint64_t ai_model_version(const struct ai_model *m);
/* The version in the header of the file at path, without reading the rest (which is
 * not checked: open it to trust it). AI_OK, AI_EIO (cannot read), AI_ECORRUPT (not a
 * model of this format). */
int ai_model_peek_version(const char *path, uint64_t *version);
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

/* The k most probable intents for text, best first. out[0].prob is the
 * out-of-scope-aware confidence: the calibrated probability that out[0].intent
 * is the right answer, counting the chance that the text is about no known
 * intent at all (at most 0.999, so a threshold of 1 never auto-resolves); it
 * is what a threshold is compared with. out[1..] keep their in-catalogue
 * probabilities (softmax with the fitted temperature, as if the text surely had
 * a known intent), so out[1].prob may exceed out[0].prob. A model with fewer
 * than three intents cannot cross-validate over intents and gives the
 * in-catalogue probability in out[0] too. *nout = 0 when the model has no
 * classifier. About 50-60 us on Banking77 (2 shared cores). Returns 0 or AI_ENOMEM. */
int ai_model_classify(const struct ai_model *m, struct ai_session *s, const char *text, size_t len,
                      struct ai_intent_guess *out, size_t k, size_t *nout);

/* One similar resolved ticket. Strings are borrowed from the model or the
 * delta (valid until either changes); intent may be NULL, solution never is. */
struct ai_similar {
    int64_t ticket_id;
    float score; /* cosine, 0..1 */
    const char *intent;
    const char *solution;
    bool reusable;
    bool from_delta;
};

/* The k most similar resolved tickets to text among the model's and the
 * delta's (delta may be NULL), score >= min_score, best first. A ticket id in
 * both counts once, with the delta's data (it is newer). The delta caches
 * per-model norms, hence non-const. Returns 0 or AI_ENOMEM. */
int ai_model_similar(const struct ai_model *m, struct ai_delta *delta, struct ai_session *s,
                     const char *text, size_t len, size_t k, float min_score,
                     struct ai_similar *out, size_t *nout);

/* The model's similarity index (for ai_delta_search and ai_simindex_query). */
const struct ai_simindex *ai_model_simindex(const struct ai_model *m);

/* ---- what cross-validation measured at build time ----
 * The build trains four fold models, each without a quarter of the intents and
 * a fifth of the remaining rows, and stores their predictions' outcome: on
 * rows of known intents and on rows of intents they never saw (unknown topics,
 * weighted to a quarter of all predictions) and on the negatives. */

/* One point of the estimated precision/automation curve. */
struct ai_curve_point {
    float threshold;
    float precision; /* right share of the auto-answered (1 when none is) */
    float coverage;  /* share auto-answered: of all tickets, in scope and unknown-topic alike
                        (for an intent: of the tickets whose top guess it is) */
};

/* The curve for intent (NULL = all) at thresholds 0.00, 0.01, ..., 1.00
 * ascending (every step-th when max < 101, so at most max points). Returns
 * the number of points written: 0 without cross-validation data or for an
 * intent the model does not know. Pure, cheap. */
size_t ai_model_curve(const struct ai_model *m, const char *intent /* NULL = all */,
                      struct ai_curve_point *out, size_t max);

/* The lowest threshold (on the 0.01 grid) whose estimated precision is >=
 * target_precision, with that estimate and the coverage it gives (as in
 * ai_model_curve). The estimate is right weight / (accepted weight + 1): one
 * phantom error keeps thin estimates cautious; an intent's is also pulled
 * toward the global curve as if by 100 predictions at its precision. When no
 * threshold reaches the target: *threshold = 1 (nothing auto-resolves) and the
 * estimate is the one at the top of the grid. Returns 0; AI_ENODATA when the
 * model has no CV data, or the intent is unknown to the model or has fewer than
 * AI_CURVE_MIN_INTENT (50) CV predictions (use the global one then); AI_EINVAL
 * for a target outside (0, 1). Pure and cheap: a scan of 101 grid points (plus
 * of the intent names for an intent), well under a microsecond -- call it per
 * request freely. */
int ai_model_threshold(const struct ai_model *m, const char *intent /* NULL = global */,
                       double target_precision, double *threshold, double *est_precision,
                       double *coverage);

/* The report computed at build time, stored with the model. */
struct ai_model_report {
    double cv_accuracy; /* cross-validated accuracy on rows of known intents */
    double cv_macro_f1;
    double oos_false_accept_rate; /* share of unknown-topic rows auto-answered at build_threshold */
    double
        build_target_precision; /* ai_train_opts.target_precision of the build (0.97 by default) */
    double build_threshold;     /* what ai_model_threshold(m, NULL, build_target_precision) gives */
    double build_precision;     /* its estimated precision */
    double build_coverage;      /* its estimated coverage */
    uint32_t nnegatives;        /* "none of ours" examples the build got */
    uint32_t folds;
    uint32_t ncv_in_scope, ncv_unknown; /* cross-validated predictions of each kind */
    size_t nintents;                    /* entries for ai_model_report_intent */
    size_t npairs;                      /* entries for ai_model_report_pair, at most 20 */
};

/* Per-intent cross-validated quality; name is borrowed from the model. */
struct ai_report_intent {
    const char *name;
    double f1, precision, recall;
    uint32_t support; /* cross-validated predictions whose truth is the intent */
};

/* A confusion: true_intent predicted as predicted_intent count times. */
struct ai_confused_pair {
    const char *true_intent, *predicted_intent;
    uint32_t count;
};

/* The report, or NULL when the model has none (no classifier, or too few
 * intents to cross-validate). Borrowed from the model. */
const struct ai_model_report *ai_model_report(const struct ai_model *m);
/* Entry i (< nintents, in intent order) / pair i (< npairs, most frequent
 * first). Return 0, AI_ENODATA without a report, AI_EINVAL for i out of range. */
int ai_model_report_intent(const struct ai_model *m, size_t i, struct ai_report_intent *out);
int ai_model_report_pair(const struct ai_model *m, size_t i, struct ai_confused_pair *out);

#endif
