/* model: the queries on a mapped model -- accessors, classify, similar tickets,
 * the confidence curve, thresholds and the cross-validation report. */
#include "ai/model_file.h"

#include <string.h>

#include "ai/status.h"

uint64_t ai_model_version(const struct ai_model *m)
{
    return m->version;
}
size_t ai_model_nintents(const struct ai_model *m)
{
    return m->meta->nclass;
}
size_t ai_model_ntickets(const struct ai_model *m)
{
    return m->meta->ndocs;
}
uint64_t ai_model_file_bytes(const struct ai_model *m)
{
    return m->map_len;
}
const struct ai_simindex *ai_model_simindex(const struct ai_model *m)
{
    return &m->sim;
}

const char *ai_model_intent(const struct ai_model *m, size_t i)
{
    return i < m->meta->nintents ? m->strings + m->intent_off[i] : NULL;
}

const struct ai_classifier *ai_model_classifier(const struct ai_model *m)
{
    return m->meta->nclass ? &m->clf : NULL;
}

int ai_model_classify(const struct ai_model *m, struct ai_session *s, const char *text, size_t len,
                      struct ai_intent_guess *out, size_t k, size_t *nout)
{
    *nout = 0;
    if (!m->meta->nclass || k == 0)
        return AI_OK;
    struct ai_class_prob top[16];
    if (k > 16)
        k = 16;
    size_t n;
    uint32_t best;
    struct ai_oos_signals sig;
    int rc = ai_cv_signals(&m->clf, &m->ex, s, text, len, &best, &sig);
    if (rc < 0)
        return rc;
    sig.v[AI_SIG_ATTRACT] = m->attract ? m->attract[best] : 0;
    ai_classifier_top_scored(&m->clf, s, top, k, &n);
    for (size_t i = 0; i < n; i++) {
        out[i].intent = ai_model_intent(m, top[i].label);
        out[i].prob = top[i].prob;
    }
    /* The top guess carries the OOS-aware confidence; the others stay in-catalogue. */
    if (n && m->calib->fitted)
        out[0].prob = ai_oos_prob(m->calib, &sig);
    *nout = n;
    return AI_OK;
}

int ai_model_similar(const struct ai_model *m, struct ai_delta *delta, struct ai_session *s,
                     const char *text, size_t len, size_t k, float min_score,
                     struct ai_similar *out, size_t *nout)
{
    *nout = 0;
    if (k == 0)
        return AI_OK;
    if (k > 32)
        k = 32;
    struct ai_sim_query q;
    int rc = ai_simindex_query(&m->sim, s, text, len, &q);
    if (rc < 0)
        return rc;
    /* Ask each side for k extra, so dropping duplicates still leaves k. */
    struct ai_sim_hit hits[64];
    struct ai_delta_hit dhits[64];
    size_t nh = 0, nd = 0;
    if ((rc = ai_simindex_search(&m->sim, s, &q, 2 * k, min_score, hits, &nh)) < 0)
        return rc;
    if (delta && (rc = ai_delta_search(delta, &m->sim, s, &q, 2 * k, min_score, dhits, &nd)) < 0)
        return rc;
    size_t n = 0, i = 0, j = 0;
    while (n < k && (i < nh || j < nd)) {
        bool take_delta = j < nd && (i >= nh || dhits[j].score >= hits[i].score);
        struct ai_similar x;
        if (take_delta) {
            size_t it = dhits[j].item;
            const char *sol = ai_delta_solution(delta, it);
            x = (struct ai_similar){ai_delta_id(delta, it),       dhits[j].score,
                                    ai_delta_intent(delta, it),   sol ? sol : "",
                                    ai_delta_reusable(delta, it), true};
            j++;
        } else {
            const struct model_ticket *r = &m->tickets[hits[i].doc];
            x = (struct ai_similar){r->id,
                                    hits[i].score,
                                    r->intent == MODEL_NO_INTENT ? NULL
                                                                 : ai_model_intent(m, r->intent),
                                    m->solutions + r->sol_off,
                                    (r->flags & 1u) != 0,
                                    false};
            i++;
        }
        /* A ticket in both: the delta holds the newer resolution. */
        bool dup = false;
        for (size_t u = 0; u < n; u++)
            if (out[u].ticket_id == x.ticket_id)
                dup = true;
        if (!dup && !take_delta && delta) {
            for (size_t u = 0; u < nd; u++)
                if (ai_delta_id(delta, dhits[u].item) == x.ticket_id)
                    dup = true;
        }
        if (!dup)
            out[n++] = x;
    }
    *nout = n;
    return AI_OK;
}

/* ---- confidence curve, threshold and report ---- */

/* The curve row of intent (NULL: row 0, all predictions); NULL without one. */
static const struct ai_curve_cell *curve_row(const struct ai_model *m, const char *intent)
{
    if (!m->curve)
        return NULL;
    if (!intent)
        return m->curve;
    for (uint32_t c = 0; c < m->meta->nclass; c++)
        if (strcmp(ai_model_intent(m, c), intent) == 0)
            return m->curve + (size_t)(c + 1) * AI_CURVE_POINTS;
    return NULL;
}

size_t ai_model_curve(const struct ai_model *m, const char *intent, struct ai_curve_point *out,
                      size_t max)
{
    const struct ai_curve_cell *row = curve_row(m, intent);
    if (!row || max == 0)
        return 0;
    size_t step = (AI_CURVE_POINTS + max - 1) / max, n = 0;
    for (size_t g = 0; g < AI_CURVE_POINTS && n < max; g += step) {
        const struct ai_curve_cell *c = &row[g];
        out[n++] = (struct ai_curve_point){
            .threshold = (float)g / (AI_CURVE_POINTS - 1),
            .precision = c->accepted > 0 ? c->correct / c->accepted : 1.0f,
            .coverage = row[0].accepted > 0 ? c->accepted / row[0].accepted : 0.0f,
        };
    }
    return n;
}

int ai_model_threshold(const struct ai_model *m, const char *intent, double target_precision,
                       double *threshold, double *est_precision, double *coverage)
{
    *threshold = 1.0;
    *est_precision = 0;
    *coverage = 0;
    if (!(target_precision > 0 && target_precision < 1))
        return AI_EINVAL;
    const struct ai_curve_cell *row = curve_row(m, intent);
    if (!row)
        return AI_ENODATA;
    return ai_curve_threshold(row, intent ? m->curve : NULL, target_precision,
                              intent ? AI_CURVE_MIN_INTENT : 1, threshold, est_precision, coverage);
}

const struct ai_model_report *ai_model_report(const struct ai_model *m)
{
    return m->rhead ? &m->report : NULL;
}

int ai_model_report_intent(const struct ai_model *m, size_t i, struct ai_report_intent *out)
{
    if (!m->rhead)
        return AI_ENODATA;
    if (i >= m->meta->nclass)
        return AI_EINVAL;
    const struct ai_report_intent_rec *r = &m->rintent[i];
    *out = (struct ai_report_intent){ai_model_intent(m, i), r->f1, r->precision, r->recall,
                                     r->support};
    return AI_OK;
}

int ai_model_report_pair(const struct ai_model *m, size_t i, struct ai_confused_pair *out)
{
    if (!m->rhead)
        return AI_ENODATA;
    if (i >= m->meta->npairs)
        return AI_EINVAL;
    const struct ai_report_pair_rec *r = &m->rpair[i];
    *out = (struct ai_confused_pair){ai_model_intent(m, r->truth), ai_model_intent(m, r->pred),
                                     r->count};
    return AI_OK;
}
