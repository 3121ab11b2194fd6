/* crossval: training with cross-validation over held-out intents -- the final
 * classifier on everything, and fold models that each miss a quarter of the
 * intents and a part of the rows, so their predictions show both what known
 * intents and what unknown topics look like to a model like the final one. */
#ifndef DESKPILOT_AI_CROSSVAL_H
#define DESKPILOT_AI_CROSSVAL_H

#include <stddef.h>
#include <stdint.h>

#include "ai/classifier.h"
#include "ai/exemplar.h"
#include "ai/oos.h"

#define AI_CV_OOS UINT32_MAX /* truth of a prediction whose text has no known intent */
#define AI_CV_NOFOLD 255

/* One out-of-fold prediction, classes numbered as in the full catalogue. */
struct ai_cv_pred {
    struct ai_oos_signals sig;
    float weight;   /* the held-out intents' rows are scaled to a fixed share of the weight */
    float conf;     /* the fitted second stage's probability */
    uint32_t truth; /* or AI_CV_OOS */
    uint32_t pred;
    uint32_t negative; /* 1: a "none of ours" example from the desk */
    uint32_t fold;
};

struct ai_cv_opts {
    uint32_t folds;  /* intents are split into this many groups, one held out per fold (0: 4) */
    float row_frac;  /* share of the rows each fold holds out as in-scope tests (0: 0.2) */
    float oos_share; /* weight share of held-out-intent rows among the folds' tests (0: the
                        training options' unknown_share, else 0.25); below 0.9 */
};

struct ai_cv_result {
    struct ai_cv_pred *pred; /* owned; n rows */
    size_t n;
    uint32_t folds; /* folds run; 0 when the data allowed none */
    uint32_t nnegatives;
    double temperature; /* geometric mean of the folds' fitted temperatures */
    struct ai_oos_calib calib;
    float *attract; /* owned; nclass: AI_SIG_ATTRACT of each intent for the final model */
    double seconds;
};

/* The fold plan (pure): intents in seeded random order are dealt into folds
 * groups (group[c], nclass entries); each of the n rows with probability
 * row_frac per fold gets that fold as its test fold (test_fold[r], AI_CV_NOFOLD
 * for none). Fold f trains
 * on rows with group != f and test_fold != f. Returns the folds used: 0 when
 * there are fewer than 3 intents (a fold must keep two), else min(folds, nclass). */
uint32_t ai_cv_plan(size_t n, uint32_t nclass, uint32_t folds, float row_frac, uint64_t seed,
                    uint8_t *group, uint8_t *test_fold);

/* Train the final classifier (*clf, exemplars *ex) on all n examples and, in
 * parallel on the machine's cores, the fold models; collect their predictions
 * on held-out rows, held-out intents and the nneg negative texts, set the
 * final temperature from the folds and fit the OOS-aware second stage (then
 * every pred's conf). Without folds, clf is trained as ai_classifier_train
 * does (o->calib_frac) and cv->calib is unfitted. co may be NULL (defaults).
 * Returns 0, AI_EINVAL, AI_ENODATA, AI_ENOMEM. On failure all outputs are zeroed. */
int ai_crossval_train(const char *const *texts, const uint32_t *labels, size_t n, uint32_t nclass,
                      const char *const *neg, size_t nneg, const struct ai_train_opts *o,
                      const struct ai_cv_opts *co, struct ai_classifier *clf,
                      struct ai_exemplars *ex, struct ai_cv_result *cv,
                      struct ai_train_report *rep);

void ai_cv_result_cleanup(struct ai_cv_result *cv);

/* AI_SIG_ATTRACT of intent c from weighted sums over predictions whose top
 * intent is c: log((unknown + prior) / (known + 1)), prior = the overall
 * unknown/known weight ratio. Pure. */
float ai_cv_attract(double unknown, double known, double prior);

/* Signals of one text under a classifier and its exemplars: class scores, top
 * class (*top), and every signal but AI_SIG_ATTRACT (the caller's, per top). Used by prediction and
 * by the folds alike, so both see the same numbers. Leaves raw scores in s->scores. 0 or AI_ENOMEM.
 */
int ai_cv_signals(const struct ai_classifier *c, const struct ai_exemplars *ex,
                  struct ai_session *s, const char *text, size_t len, uint32_t *top,
                  struct ai_oos_signals *sig);

#endif
