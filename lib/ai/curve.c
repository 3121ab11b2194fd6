/* curve: grid aggregation of cross-validated predictions and the threshold picker. */
#include "ai/curve.h"

#include <math.h>
#include <string.h>

#include "ai/status.h"

#define STEPS (AI_CURVE_POINTS - 1)

/* How many grid thresholds g / STEPS a confidence reaches (g = 0 always). */
static unsigned reached(float conf)
{
    double c = conf;
    if (!(c >= 0))
        return 1;
    unsigned g = c >= 1 ? STEPS : (unsigned)(c * STEPS);
    while (g < STEPS && c >= (double)(g + 1) / STEPS)
        g++;
    while (g > 0 && c < (double)g / STEPS)
        g--;
    return g + 1;
}

void ai_curve_build(const struct ai_cv_pred *p, size_t n, uint32_t nclass,
                    struct ai_curve_cell *cells)
{
    size_t rows = (size_t)nclass + 1;
    memset(cells, 0, rows * AI_CURVE_POINTS * sizeof *cells);
    /* Counts at the highest threshold each prediction reaches, then sums from the top. */
    for (size_t i = 0; i < n; i++) {
        unsigned top = reached(p[i].conf) - 1;
        float ok = p[i].truth == p[i].pred ? p[i].weight : 0;
        struct ai_curve_cell *rs[2] = {cells + top, NULL};
        if (p[i].pred < nclass)
            rs[1] = cells + (size_t)(1 + p[i].pred) * AI_CURVE_POINTS + top;
        for (int k = 0; k < 2; k++)
            if (rs[k]) {
                rs[k]->accepted += p[i].weight;
                rs[k]->correct += ok;
                rs[k]->count += 1;
            }
    }
    for (size_t r = 0; r < rows; r++) {
        struct ai_curve_cell *row = cells + r * AI_CURVE_POINTS;
        for (int g = STEPS - 1; g >= 0; g--) {
            row[g].accepted += row[g + 1].accepted;
            row[g].correct += row[g + 1].correct;
            row[g].count += row[g + 1].count;
        }
    }
}

/* The estimated precision of row at grid point g (see the header). */
static double estimate(const struct ai_curve_cell *row, const struct ai_curve_cell *prior,
                       unsigned g)
{
    double right = row[g].correct, all = row[g].accepted + 1.0;
    if (prior && prior[g].accepted > 0) {
        right += AI_CURVE_SHRINK * prior[g].correct / prior[g].accepted;
        all += AI_CURVE_SHRINK;
    }
    return right / all;
}

int ai_curve_threshold(const struct ai_curve_cell *row, const struct ai_curve_cell *prior,
                       double target, double min_count, double *threshold, double *est_precision,
                       double *coverage)
{
    *threshold = 1.0;
    *est_precision = 0;
    *coverage = 0;
    if (row[0].count < min_count || !(row[0].accepted > 0))
        return AI_ENODATA;
    for (unsigned g = 0; g < AI_CURVE_POINTS; g++) {
        if (row[g].count <= 0)
            break;
        double est = estimate(row, prior, g);
        if (est >= target) {
            *threshold = (double)g / STEPS;
            *est_precision = est;
            *coverage = row[g].accepted / row[0].accepted;
            return AI_OK;
        }
    }
    /* Unreachable: nothing above the top of the grid. */
    *est_precision = estimate(row, prior, STEPS);
    *coverage = row[STEPS].accepted / row[0].accepted;
    return AI_OK;
}

int ai_curve_valid(const struct ai_curve_cell *row)
{
    for (unsigned g = 0; g < AI_CURVE_POINTS; g++) {
        const struct ai_curve_cell *c = &row[g];
        if (!isfinite(c->accepted) || !isfinite(c->correct) || !isfinite(c->count) ||
            c->accepted < 0 || c->correct < 0 || c->count < 0)
            return 0;
    }
    return 1;
}
