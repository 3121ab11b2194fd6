/* metrics: accuracy, macro-F1, calibration and coverage/precision of a classifier run. */
#ifndef DESKPILOT_AI_METRICS_H
#define DESKPILOT_AI_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One scored test row. */
struct ai_metric_row {
    uint32_t truth; /* true class (ignored when oos) */
    uint32_t pred;  /* top-1 predicted class */
    float conf;     /* top-1 probability */
    bool oos;       /* out of scope: no correct answer exists */
};

struct ai_metrics {
    size_t n, n_oos;
    double accuracy; /* in-scope rows */
    double macro_f1; /* in-scope rows, classes seen in truth or predictions */
    double ece;      /* 15 equal-width bins, in-scope rows */
    double threshold;
    double coverage;         /* share of all rows with conf >= threshold */
    double precision;        /* correct share of those (oos rows count as wrong); 1 when none */
    double coverage_at[3];   /* largest coverage with precision >= 0.95, 0.97, 0.99 */
    double oos_false_accept; /* share of oos rows with conf >= threshold; NAN without oos rows */
};

/* Compute every metric over rows[0..n) for nclass classes. Returns 0,
 * AI_EINVAL (a class >= nclass) or AI_ENOMEM. */
int ai_metrics_compute(const struct ai_metric_row *rows, size_t n, uint32_t nclass,
                       double threshold, struct ai_metrics *out);

/* The precision targets behind coverage_at, in order. */
extern const double ai_metrics_precision_targets[3];

#endif
