/* report: what an administrator reads about a model -- cross-validated
 * accuracy, per-intent quality, the most confused pairs, the unknown-topic
 * false-accept rate -- computed from the cross-validated predictions. */
#ifndef DESKPILOT_AI_REPORT_H
#define DESKPILOT_AI_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ai/crossval.h"

#define AI_REPORT_MAX_PAIRS 20

/* Fixed-size records, stored as is in model files. */
struct ai_report_head {
    double cv_accuracy; /* in-scope predictions (their intents were trained on) */
    double cv_macro_f1;
    double
        oos_false_accept; /* weighted share of unknown-topic predictions with conf >= threshold */
    double target_precision;
    double threshold; /* picked for target_precision from the curve */
    double est_precision;
    double coverage;
    uint32_t nnegatives;
    uint32_t npairs;
    uint32_t folds;
    uint32_t ncv_in, ncv_oos;
    uint32_t pad;
};

struct ai_report_intent_rec {
    float f1, precision, recall;
    uint32_t support; /* in-scope cross-validated predictions whose truth is the intent */
};

struct ai_report_pair_rec {
    uint32_t truth, pred, count;
};

/* Fill head (all but target_precision/threshold/est_precision/coverage, set
 * by the caller first: oos_false_accept is measured at head->threshold),
 * per[0..nclass) and pairs[0..AI_REPORT_MAX_PAIRS) (head->npairs used, most
 * frequent first, ties by class numbers). Pure. Returns 0 or AI_ENOMEM. */
int ai_report_compute(const struct ai_cv_pred *p, size_t n, uint32_t nclass,
                      struct ai_report_head *head, struct ai_report_intent_rec *per,
                      struct ai_report_pair_rec *pairs);

#endif
