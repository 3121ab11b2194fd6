/* classifier: a multinomial linear intent model (softmax + one-vs-rest hinge
 * ensemble over TF-IDF word and character n-grams), temperature-calibrated. */
#ifndef DESKPILOT_AI_CLASSIFIER_H
#define DESKPILOT_AI_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "ai/features.h"
#include "ai/session.h"
#include "ai/vocab.h"

/* Training knobs. ai_train_opts_default gives the values tuned on a held-out
 * part of Banking77's train.csv. */
struct ai_train_opts {
    uint64_t seed;      /* same seed + same data -> same model, bit for bit */
    uint32_t epochs;    /* SGD passes over the data, per model */
    float lambda;       /* L2 strength per example */
    float lr;           /* initial step, decays linearly to 0 */
    uint32_t models;    /* softmax models averaged (seeds differ); 0 or 1 = one */
    float hinge_weight; /* weight of the squared-hinge model in the ensemble; 0 = softmax only */
    float dropout;      /* share of an example's features dropped at each SGD step (0..0.9) */
    float calib_frac;   /* share of each class held out to fit the temperature */
    uint32_t min_df;    /* features seen in fewer training texts are dropped */
    int refit;          /* 1: after calibration, retrain on every example */
    double target_precision; /* ai_model_build picks the report's threshold for it; 0 = 0.97 */
    double unknown_share;    /* ai_model_build: the share of tickets about no known intent the
                                confidence assumes (the weight of held-out intents in
                                cross-validation); 0 = 0.25 */
    struct ai_feat_opts feat;
};

/* What a training run did. */
struct ai_train_report {
    double seconds;
    uint32_t nfeat;
    size_t calib_n; /* examples held out for the temperature */
    double temperature;
    double calib_nll_raw; /* NLL on the held-out part at T = 1 */
    double calib_nll;     /* ... at the fitted T */
    double calib_accuracy;
};

/* A trained model. Arrays are either owned (after training) or point into a
 * mapped model file (then own_* are NULL and the mapping must outlive it). */
struct ai_classifier {
    struct ai_feat_opts feat;
    struct ai_vocab vocab; /* feature key -> feature id */
    const float *idf;      /* nfeat */
    const float *weights;  /* nfeat rows of stride floats (classes, zero padded) */
    const float *bias;     /* stride */
    uint32_t nfeat, nclass, stride;
    float temperature;
    float *own_idf, *own_weights, *own_bias;
};

/* One class with its calibrated probability. */
struct ai_class_prob {
    uint32_t label;
    float prob;
};

void ai_train_opts_default(struct ai_train_opts *o);

/* Train on n texts with labels[i] < nclass (2 <= nclass <= 65535). Texts are
 * copied as needed, nothing is kept. Deterministic for a fixed o->seed.
 * rep may be NULL. Returns 0, AI_EINVAL (bad labels/opts), AI_ENODATA (fewer
 * than 2 examples), AI_ENOMEM. On failure *out is zeroed. */
int ai_classifier_train(const char *const *texts, const uint32_t *labels, size_t n, uint32_t nclass,
                        const struct ai_train_opts *o, struct ai_classifier *out,
                        struct ai_train_report *rep);

/* Free owned arrays; harmless on a zeroed or mapped classifier. */
void ai_classifier_cleanup(struct ai_classifier *c);

/* Uncalibrated class scores of text into s->scores[0..nclass). 0 or AI_ENOMEM. */
int ai_classifier_scores(const struct ai_classifier *c, struct ai_session *s, const char *text,
                         size_t len);

/* The k most probable classes, best first, with calibrated probabilities.
 * *nout = min(k, nclass). Returns 0 or AI_ENOMEM. */
int ai_classifier_top(const struct ai_classifier *c, struct ai_session *s, const char *text,
                      size_t len, struct ai_class_prob *out, size_t k, size_t *nout);

/* The same from the raw scores ai_classifier_scores left in s->scores, which
 * this turns into calibrated probabilities in place. */
void ai_classifier_top_scored(const struct ai_classifier *c, struct ai_session *s,
                              struct ai_class_prob *out, size_t k, size_t *nout);

#endif
