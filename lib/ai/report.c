/* report: per-intent precision/recall/F1, confusions and false accepts from CV predictions. */
#include "ai/report.h"

#include <stdlib.h>
#include <string.h>

#include "ai/status.h"

static int by_count(const void *a, const void *b)
{
    const struct ai_report_pair_rec *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->truth != y->truth)
        return x->truth < y->truth ? -1 : 1;
    return (x->pred > y->pred) - (x->pred < y->pred);
}

int ai_report_compute(const struct ai_cv_pred *p, size_t n, uint32_t nclass,
                      struct ai_report_head *head, struct ai_report_intent_rec *per,
                      struct ai_report_pair_rec *pairs)
{
    uint32_t *tp = calloc((size_t)nclass + 1, sizeof *tp),
             *fp = calloc((size_t)nclass + 1, sizeof *fp);
    uint32_t *fn = calloc((size_t)nclass + 1, sizeof *fn);
    /* Confusions as a sorted list of (truth, pred) keys, counted after sorting. */
    struct ai_report_pair_rec *all = malloc((n + 1) * sizeof *all);
    if (!tp || !fp || !fn || !all) {
        free(tp);
        free(fp);
        free(fn);
        free(all);
        return AI_ENOMEM;
    }
    size_t nin = 0, right = 0, nwrong = 0;
    double oos_w = 0, oos_acc = 0;
    uint32_t noos = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ai_cv_pred *r = &p[i];
        if (r->truth == AI_CV_OOS) {
            noos++;
            oos_w += r->weight;
            if (r->conf >= head->threshold)
                oos_acc += r->weight;
            continue;
        }
        if (r->truth >= nclass || r->pred >= nclass)
            continue;
        nin++;
        if (r->truth == r->pred) {
            right++;
            tp[r->truth]++;
        } else {
            fp[r->pred]++;
            fn[r->truth]++;
            all[nwrong++] = (struct ai_report_pair_rec){r->truth, r->pred, 1};
        }
    }
    head->cv_accuracy = nin ? (double)right / (double)nin : 0;
    head->oos_false_accept = oos_w > 0 ? oos_acc / oos_w : 0;
    head->ncv_in = (uint32_t)nin;
    head->ncv_oos = noos;
    double f1sum = 0;
    uint32_t classes = 0;
    for (uint32_t c = 0; c < nclass; c++) {
        double prec = tp[c] + fp[c] ? (double)tp[c] / (tp[c] + fp[c]) : 0;
        double rec = tp[c] + fn[c] ? (double)tp[c] / (tp[c] + fn[c]) : 0;
        double f1 = tp[c] + fp[c] + fn[c] ? 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]) : 0;
        per[c] = (struct ai_report_intent_rec){(float)f1, (float)prec, (float)rec, tp[c] + fn[c]};
        if (tp[c] + fp[c] + fn[c]) {
            f1sum += f1;
            classes++;
        }
    }
    head->cv_macro_f1 = classes ? f1sum / classes : 0;
    qsort(all, nwrong, sizeof *all, by_count); /* count is 1 everywhere: sorts by (truth, pred) */
    size_t np = 0;
    for (size_t i = 0; i < nwrong;) {
        size_t j = i;
        while (j < nwrong && all[j].truth == all[i].truth && all[j].pred == all[i].pred)
            j++;
        all[np++] = (struct ai_report_pair_rec){all[i].truth, all[i].pred, (uint32_t)(j - i)};
        i = j;
    }
    qsort(all, np, sizeof *all, by_count);
    head->npairs = (uint32_t)(np < AI_REPORT_MAX_PAIRS ? np : AI_REPORT_MAX_PAIRS);
    memset(pairs, 0, AI_REPORT_MAX_PAIRS * sizeof *pairs);
    memcpy(pairs, all, head->npairs * sizeof *pairs);
    free(tp);
    free(fp);
    free(fn);
    free(all);
    return AI_OK;
}
