/* curve: the estimated precision/automation curve of a model from its
 * cross-validated predictions, and the threshold that reaches a precision. */
#ifndef DESKPILOT_AI_CURVE_H
#define DESKPILOT_AI_CURVE_H

#include <stddef.h>
#include <stdint.h>

#include "ai/crossval.h"

/* Thresholds on a grid 0.00, 0.01, ..., 1.00. */
#define AI_CURVE_POINTS 101
/* Fewer cross-validated predictions of an intent than this: no per-intent estimate. */
#define AI_CURVE_MIN_INTENT 50
/* An intent's estimate is pulled toward the global one as if by this many predictions. */
#define AI_CURVE_SHRINK 100.0

/* At one grid threshold: the predictions with conf >= threshold (weighted and
 * counted) and the weight of the right ones. Stored as is in model files. */
struct ai_curve_cell {
    float accepted;
    float correct;
    float count;
};

/* Fill cells[(nclass + 1) * AI_CURVE_POINTS]: row 0 over every prediction,
 * row 1 + c over those whose top intent is c. Pure. */
void ai_curve_build(const struct ai_cv_pred *p, size_t n, uint32_t nclass,
                    struct ai_curve_cell *cells);

/* The lowest grid threshold whose estimated precision is >= target, from one
 * row of cells; coverage is its accepted weight over the row's total (all its
 * predictions). The estimate is right weight over accepted weight plus one (a
 * phantom error: a thin estimate is a cautious one); with a prior row (the
 * global curve, for an intent's row) both get AI_CURVE_SHRINK predictions at
 * the prior's precision, so a handful of lucky predictions cannot set a low
 * threshold. When no threshold reaches target: threshold 1 (nothing is
 * accepted). Pure. Returns 0, or AI_ENODATA when the row holds fewer than
 * min_count predictions. */
int ai_curve_threshold(const struct ai_curve_cell *row, const struct ai_curve_cell *prior,
                       double target, double min_count, double *threshold, double *est_precision,
                       double *coverage);

/* True when a row of cells read from a file is usable (finite, monotone). */
int ai_curve_valid(const struct ai_curve_cell *row);

#endif
