/* oos: the out-of-scope-aware confidence -- signals of one prediction and the
 * small logistic model over them that says how likely the top intent is right,
 * counting the chance that the text is about no known intent at all. */
#ifndef DESKPILOT_AI_OOS_H
#define DESKPILOT_AI_OOS_H

#include <stddef.h>
#include <stdint.h>

/* What the second stage looks at. Scores are the classifier's raw (T = 1)
 * class scores; the model learns the scale, so the temperature plays no part. */
enum ai_oos_signal {
    AI_SIG_LOGIT = 0, /* log(p1 / (1 - p1)) of the softmax at T = 1, clipped to +-20 */
    AI_SIG_MARGIN,    /* top score minus the second */
    AI_SIG_ENTROPY,   /* entropy of the softmax at T = 1 over ln(nclass): 0..1 */
    AI_SIG_TOP,       /* the top raw score (low when no class's words are present) */
    AI_SIG_COSINE,    /* largest cosine to a training example of the top intent */
    AI_SIG_UNSEEN,    /* share of the text's words never seen in training */
    AI_SIG_ATTRACT,   /* log of how much the top intent drew unknown-topic texts in
                         cross-validation, per text of its own it got: intents with close
                         siblings also lie close to the topics nobody taught */
    AI_OOS_NSIG
};

/* Signals of one prediction. */
struct ai_oos_signals {
    float v[AI_OOS_NSIG];
};

/* The fitted second stage: p = sigmoid(bias + sum w[i] * (v[i] - mean[i]) / scale[i]).
 * Fixed-size floats only: stored as is in model files. fitted = 0 means "none":
 * the probability is then the softmax's top probability (AI_SIG_LOGIT). */
struct ai_oos_calib {
    uint32_t fitted;
    uint32_t nsig; /* AI_OOS_NSIG when fitted */
    float mean[AI_OOS_NSIG], scale[AI_OOS_NSIG], w[AI_OOS_NSIG];
    float bias;
    float pad;
};

/* The score-based signals (LOGIT, MARGIN, ENTROPY, TOP) of raw class scores
 * z[0..nclass), nclass >= 2; returns the top class. COSINE and UNSEEN are left
 * as they are (the caller fills them). Pure. */
uint32_t ai_oos_score_signals(const float *z, uint32_t nclass, struct ai_oos_signals *out);

/* Fit the second stage by weighted, L2-regularised logistic regression
 * (Newton's method on standardised signals): y[i] = 1 when prediction i was
 * right, 0 when it was wrong or its text belonged to no known intent; w[i] > 0
 * is its weight (NULL: all 1). Pure. Returns 0, AI_ENODATA (fewer than 2 rows,
 * or all of one kind: then *out says fitted = 0), AI_ENOMEM. */
int ai_oos_fit(const struct ai_oos_signals *x, const uint8_t *y, const float *w, size_t n,
               struct ai_oos_calib *out);

/* The OOS-aware probability that the prediction with these signals is right,
 * clamped to [0.001, 0.999] so that a threshold of 1 never accepts. Pure. */
float ai_oos_prob(const struct ai_oos_calib *c, const struct ai_oos_signals *x);

/* True when every field of a calibrator read from a file is usable. */
int ai_oos_calib_valid(const struct ai_oos_calib *c);

#endif
