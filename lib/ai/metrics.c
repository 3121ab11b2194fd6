/* metrics: evaluation numbers for deskpilot eval. */
#include "ai/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/calibrate.h"
#include "ai/status.h"

const double ai_metrics_precision_targets[3] = {0.95, 0.97, 0.99};

static int by_conf_desc(const void *a, const void *b)
{
    float x = ((const struct ai_metric_row *)a)->conf, y = ((const struct ai_metric_row *)b)->conf;
    return (x < y) - (x > y);
}

static bool correct(const struct ai_metric_row *r)
{
    return !r->oos && r->pred == r->truth;
}

int ai_metrics_compute(const struct ai_metric_row *rows, size_t n, uint32_t nclass,
                       double threshold, struct ai_metrics *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->threshold = threshold;
    out->oos_false_accept = NAN;
    size_t *tp = calloc(nclass, sizeof *tp), *fp = calloc(nclass, sizeof *fp),
           *fn = calloc(nclass, sizeof *fn);
    float *conf = calloc(n + 1, sizeof *conf);
    uint8_t *ok = calloc(n + 1, 1);
    struct ai_metric_row *sorted = malloc((n + 1) * sizeof *sorted);
    int rc = AI_ENOMEM;
    if (!tp || !fp || !fn || !conf || !ok || !sorted)
        goto out;
    rc = AI_EINVAL;
    size_t nin = 0, right = 0, accepted = 0, accepted_ok = 0, oos_accepted = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ai_metric_row *r = &rows[i];
        if (r->pred >= nclass || (!r->oos && r->truth >= nclass))
            goto out;
        if (r->conf >= threshold) {
            accepted++;
            accepted_ok += correct(r);
            oos_accepted += r->oos;
        }
        if (r->oos) {
            out->n_oos++;
            continue;
        }
        conf[nin] = r->conf;
        ok[nin] = r->pred == r->truth;
        right += ok[nin];
        nin++;
        if (r->pred == r->truth) {
            tp[r->truth]++;
        } else {
            fp[r->pred]++;
            fn[r->truth]++;
        }
    }
    out->accuracy = nin ? (double)right / (double)nin : 0;
    double f1 = 0;
    size_t classes = 0;
    for (uint32_t c = 0; c < nclass; c++) {
        if (tp[c] + fp[c] + fn[c] == 0)
            continue;
        classes++;
        f1 += 2.0 * tp[c] / (double)(2 * tp[c] + fp[c] + fn[c]);
    }
    out->macro_f1 = classes ? f1 / (double)classes : 0;
    out->ece = ai_calib_ece(conf, ok, nin, 15);
    out->coverage = n ? (double)accepted / (double)n : 0;
    out->precision = accepted ? (double)accepted_ok / (double)accepted : 1.0;
    if (out->n_oos)
        out->oos_false_accept = (double)oos_accepted / (double)out->n_oos;

    /* Coverage reachable at a precision: walk thresholds from the top; a cut can
     * only fall between different confidences, since a threshold cannot split ties. */
    memcpy(sorted, rows, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_conf_desc);
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        good += correct(&sorted[i]);
        if (i + 1 < n && sorted[i + 1].conf == sorted[i].conf)
            continue;
        double prec = (double)good / (double)(i + 1), cov = (double)(i + 1) / (double)n;
        for (int t = 0; t < 3; t++)
            if (prec >= ai_metrics_precision_targets[t] && cov > out->coverage_at[t])
                out->coverage_at[t] = cov;
    }
    rc = AI_OK;
out:
    free(tp);
    free(fp);
    free(fn);
    free(conf);
    free(ok);
    free(sorted);
    return rc;
}
