/* simindex: building postings and the MaxScore top-k cosine search over them. */
#include "ai/simindex.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ai/status.h"
#include "core/vec.h"

#define TOPK_MAX 64

void ai_simindex_cleanup(struct ai_simindex *ix)
{
    ai_vocab_cleanup(&ix->vocab);
    for (int i = 0; i < 5; i++)
        free(ix->own[i]);
    memset(ix, 0, sizeof *ix);
}

static int cmp_u16_desc(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x < y) - (x > y);
}

/* Partition each term's postings [toff[t], toff[t+1]) into tiers by weight,
 * keeping document order inside each tier; fill off and maxw. */
static int split_tiers(uint32_t nterms, const uint64_t *toff, uint32_t *doc, uint16_t *w,
                       uint64_t *off, float *maxw)
{
    size_t maxlen = 0;
    for (uint32_t t = 0; t < nterms; t++)
        if (toff[t + 1] - toff[t] > maxlen)
            maxlen = toff[t + 1] - toff[t];
    uint16_t *sorted = malloc((maxlen + 1) * sizeof *sorted),
             *tw = malloc((maxlen + 1) * sizeof *tw);
    uint32_t *td = malloc((maxlen + 1) * sizeof *td);
    if (!sorted || !tw || !td) {
        free(sorted);
        free(tw);
        free(td);
        return AI_ENOMEM;
    }
    for (uint32_t t = 0; t < nterms; t++) {
        uint64_t a = toff[t], n = toff[t + 1] - a;
        /* Cut points: weights >= cut[0] in tier 0, >= cut[1] in tier 1, the rest in 2.
         * Short lists stay in one tier. */
        uint16_t cut[AI_SIM_TIERS - 1] = {0, 0};
        if (n >= 64) {
            memcpy(sorted, w + a, n * sizeof *sorted);
            qsort(sorted, n, sizeof *sorted, cmp_u16_desc);
            cut[0] = sorted[n / 10];
            cut[1] = sorted[n * 4 / 10];
            if (cut[1] == 0)
                cut[1] = 1;
            if (cut[0] < cut[1])
                cut[0] = cut[1];
        }
        uint64_t at = 0;
        for (int tier = 0; tier < AI_SIM_TIERS; tier++) {
            off[(size_t)t * AI_SIM_TIERS + tier] = a + at;
            float mx = 0;
            for (uint64_t p = a; p < a + n; p++) {
                int pt = w[p] >= cut[0] ? 0 : w[p] >= cut[1] ? 1 : 2;
                if (pt != tier)
                    continue;
                td[at] = doc[p];
                tw[at] = w[p];
                at++;
                if (w[p] / AI_SIM_WSCALE > mx)
                    mx = w[p] / AI_SIM_WSCALE;
            }
            maxw[(size_t)t * AI_SIM_TIERS + tier] = mx;
        }
        memcpy(doc + a, td, n * sizeof *td);
        memcpy(w + a, tw, n * sizeof *tw);
    }
    off[(size_t)nterms * AI_SIM_TIERS] = toff[nterms];
    free(sorted);
    free(tw);
    free(td);
    return AI_OK;
}

struct term_tf {
    uint32_t term, tf;
};

int ai_simindex_build(struct ai_session *s, const char *const *texts, size_t ndocs,
                      struct ai_simindex *out)
{
    memset(out, 0, sizeof *out);
    if (ndocs > (1u << 31))
        return AI_ERANGE;
    struct ai_feat_opts fo;
    ai_feat_opts_similarity(&fo);
    int rc = ai_vocab_init(&out->vocab, 1 << 12);
    if (rc < 0)
        return rc;
    size_t *dptr = malloc((ndocs + 1) * sizeof *dptr);
    struct term_tf *dt = NULL;
    uint32_t *df = NULL;
    size_t dt_len = 0, dt_cap = 0, df_cap = 0;
    float *idf = NULL, *maxw = NULL;
    uint64_t *off = NULL;
    uint32_t *doc = NULL;
    uint16_t *w = NULL;
    rc = AI_ENOMEM;
    if (!dptr)
        goto out_fail;
    dptr[0] = 0;
    for (size_t i = 0; i < ndocs; i++) {
        const char *t = texts[i] ? texts[i] : "";
        if ((rc = ai_session_keys(s, t, strlen(t), &fo)) < 0)
            goto out_fail;
        if (VEC_RESERVE(dt, dt_cap, dt_len + s->keys.n)) {
            rc = AI_ENOMEM;
            goto out_fail;
        }
        for (size_t j = 0; j < s->keys.n; j++) {
            uint32_t id;
            if ((rc = ai_vocab_add(&out->vocab, s->keys.key[j], &id, NULL)) < 0)
                goto out_fail;
            if ((rc = ai_df_count(&df, &df_cap, id)) < 0)
                goto out_fail;
            dt[dt_len++] = (struct term_tf){id, s->keys.count[j]};
        }
        dptr[i + 1] = dt_len;
    }
    uint32_t nterms = out->vocab.n;
    rc = AI_ENOMEM;
    idf = malloc((nterms + 1) * sizeof *idf);
    maxw = calloc((size_t)nterms * AI_SIM_TIERS + 1, sizeof *maxw);
    off = malloc(((size_t)nterms * AI_SIM_TIERS + 2) * sizeof *off);
    uint64_t *toff = malloc(((size_t)nterms + 2) * sizeof *toff);
    if (!toff)
        goto out_fail;
    doc = malloc((dt_len + 1) * sizeof *doc);
    w = malloc((dt_len + 1) * sizeof *w);
    if (!idf || !maxw || !off || !doc || !w)
        goto out_fail;
    toff[0] = 0;
    for (uint32_t t = 0; t < nterms; t++) {
        idf[t] = ai_features_idf(df[t], (uint32_t)ndocs);
        toff[t + 1] = toff[t] + df[t];
        df[t] = 0; /* reused as the fill position */
    }
    /* Documents in order, so each term's postings come out sorted by document. */
    for (size_t i = 0; i < ndocs; i++) {
        double norm = 0;
        for (size_t j = dptr[i]; j < dptr[i + 1]; j++) {
            double x = (1.0 + log((double)dt[j].tf)) * idf[dt[j].term];
            norm += x * x;
        }
        double inv = norm > 0 ? 1.0 / sqrt(norm) : 0;
        for (size_t j = dptr[i]; j < dptr[i + 1]; j++) {
            uint32_t t = dt[j].term;
            double x = (1.0 + log((double)dt[j].tf)) * idf[t] * inv;
            long qv = lrint(x * AI_SIM_WSCALE);
            if (qv > 65535)
                qv = 65535;
            uint64_t p = toff[t] + df[t]++;
            doc[p] = (uint32_t)i;
            w[p] = (uint16_t)qv;
        }
    }
    if ((rc = split_tiers(nterms, toff, doc, w, off, maxw)) < 0) {
        free(toff);
        goto out_fail;
    }
    free(toff);
    out->idf = idf;
    out->maxw = maxw;
    out->off = off;
    out->doc = doc;
    out->w = w;
    out->own[0] = idf;
    out->own[1] = maxw;
    out->own[2] = off;
    out->own[3] = doc;
    out->own[4] = w;
    out->nterms = nterms;
    out->ndocs = (uint32_t)ndocs;
    out->npost = dt_len;
    free(dptr);
    free(dt);
    free(df);
    return AI_OK;
out_fail:
    free(dptr);
    free(dt);
    free(df);
    free(idf);
    free(maxw);
    free(off);
    free(doc);
    free(w);
    ai_vocab_cleanup(&out->vocab);
    memset(out, 0, sizeof *out);
    return rc;
}

float ai_simindex_idf(const struct ai_simindex *ix, uint64_t key)
{
    uint32_t t = ai_vocab_find(&ix->vocab, key);
    return t != AI_VOCAB_NONE && t < ix->nterms ? ix->idf[t] : ai_features_idf(0, ix->ndocs);
}

int ai_simindex_query(const struct ai_simindex *ix, struct ai_session *s, const char *text,
                      size_t len, struct ai_sim_query *q)
{
    struct ai_feat_opts fo;
    ai_feat_opts_similarity(&fo);
    memset(q, 0, sizeof *q);
    int rc = ai_session_keys(s, text, len, &fo);
    if (rc < 0)
        return rc;
    if ((rc = ai_session_query(s, s->keys.n + 1)) < 0)
        return rc;
    double norm = 0;
    for (size_t i = 0; i < s->keys.n; i++) {
        uint32_t t = ai_vocab_find(&ix->vocab, s->keys.key[i]);
        if (t != AI_VOCAB_NONE && t >= ix->nterms)
            t = AI_VOCAB_NONE;
        float idf = t != AI_VOCAB_NONE ? ix->idf[t] : ai_features_idf(0, ix->ndocs);
        float x = (1.0f + logf((float)s->keys.count[i])) * idf;
        s->qkey[i] = s->keys.key[i];
        s->qterm[i] = t;
        s->qw[i] = x;
        norm += (double)x * x;
    }
    float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0.0f;
    for (size_t i = 0; i < s->keys.n; i++)
        s->qw[i] *= inv;
    q->n = s->keys.n;
    q->key = s->qkey;
    q->q = s->qw;
    q->term = s->qterm;
    return AI_OK;
}

/* The k best (doc, score) seen so far; scores of a document only grow. */
struct topk {
    uint32_t doc[TOPK_MAX];
    float score[TOPK_MAX];
    size_t n, k;
    float min;
};

static void topk_update(struct topk *t, uint32_t d, float sc)
{
    if (t->n == t->k && sc <= t->min)
        return;
    size_t at = t->n;
    for (size_t i = 0; i < t->n; i++)
        if (t->doc[i] == d) {
            at = i;
            break;
        }
    if (at == t->n) {
        if (t->n < t->k) {
            t->n++;
        } else {
            at = 0;
            for (size_t i = 1; i < t->n; i++)
                if (t->score[i] < t->score[at])
                    at = i;
        }
    }
    t->doc[at] = d;
    t->score[at] = sc;
    if (t->n == t->k) {
        float m = t->score[0];
        for (size_t i = 1; i < t->n; i++)
            if (t->score[i] < m)
                m = t->score[i];
        t->min = m;
    }
}

static float topk_theta(const struct topk *t, float floor)
{
    return t->n == t->k && t->min > floor ? t->min : floor;
}

struct qterm {
    uint32_t term; /* the tier's slot: term * AI_SIM_TIERS + tier */
    float q, ub;
};

struct cand {
    uint32_t doc;
    float score;
};

/* LSD radix sort by document, 8 bits a pass, only as many passes as ndocs
 * needs: candidates can be thousands, and qsort's comparator calls dominated. */
static void sort_by_doc(struct cand *a, struct cand *tmp, size_t n, uint32_t ndocs)
{
    for (unsigned shift = 0; shift < 32 && (ndocs - 1) >> shift; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((a[i].doc >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(a[i].doc >> shift) & 0xFF]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* Keep the better of two hits: higher score, then lower document. */
static bool better(float sa, uint32_t da, float sb, uint32_t db)
{
    return sa > sb || (sa == sb && da < db);
}

static void insert_hit(struct ai_sim_hit *out, size_t *n, size_t k, uint32_t d, float sc)
{
    if (*n == k && !better(sc, d, out[k - 1].score, out[k - 1].doc))
        return;
    size_t j = *n < k ? (*n)++ : k - 1;
    while (j > 0 && better(sc, d, out[j - 1].score, out[j - 1].doc)) {
        out[j] = out[j - 1];
        j--;
    }
    out[j].doc = d;
    out[j].score = sc;
}

/* First position in doc[lo..hi) holding a value >= d (galloping from lo). */
static uint64_t gallop(const uint32_t *doc, uint64_t lo, uint64_t hi, uint32_t d)
{
    uint64_t step = 1, prev = lo;
    while (lo < hi && doc[lo] < d) {
        prev = lo;
        lo += step;
        step *= 2;
    }
    if (lo > hi)
        lo = hi;
    while (prev < lo) {
        uint64_t mid = prev + (lo - prev) / 2;
        if (doc[mid] < d)
            prev = mid + 1;
        else
            lo = mid;
    }
    return lo;
}

int ai_simindex_search(const struct ai_simindex *ix, struct ai_session *s,
                       const struct ai_sim_query *q, size_t k, float min_score,
                       struct ai_sim_hit *out, size_t *nout)
{
    *nout = 0;
    if (k == 0 || ix->ndocs == 0)
        return AI_OK;
    if (k > TOPK_MAX)
        k = TOPK_MAX;
    int rc = ai_session_acc(s, ix->ndocs);
    if (rc < 0)
        return rc;
    /* Tiers of the terms the index knows, by decreasing upper bound on what they can add. */
    struct qterm qt[AI_TOK_MAX_TOKENS * AI_SIM_TIERS];
    float rest[AI_TOK_MAX_TOKENS * AI_SIM_TIERS + 1];
    size_t nt = 0;
    for (size_t i = 0; i < q->n && i < AI_TOK_MAX_TOKENS; i++) {
        if (q->term[i] == AI_VOCAB_NONE || q->term[i] >= ix->nterms || q->q[i] <= 0)
            continue;
        for (uint32_t tier = 0; tier < AI_SIM_TIERS; tier++) {
            size_t slot = (size_t)q->term[i] * AI_SIM_TIERS + tier;
            if (ix->off[slot] == ix->off[slot + 1])
                continue;
            struct qterm x = {(uint32_t)slot, q->q[i], q->q[i] * ix->maxw[slot]};
            size_t j = nt++;
            while (j > 0 && qt[j - 1].ub < x.ub) {
                qt[j] = qt[j - 1];
                j--;
            }
            qt[j] = x;
        }
    }
    rest[nt] = 0;
    for (size_t i = nt; i > 0; i--)
        rest[i - 1] = rest[i] + qt[i - 1].ub;

    float *acc = s->acc;
    struct topk top = {.k = k};
    s->touched_n = 0;
    size_t i = 0;
    /* Phase 1: term at a time, while a document not yet seen could still make the top k. */
    for (; i < nt; i++) {
        if (rest[i] < topk_theta(&top, min_score))
            break;
        const struct qterm *t = &qt[i];
        for (uint64_t p = ix->off[t->term]; p < ix->off[t->term + 1]; p++) {
            if (!ix->w[p])
                continue;
            uint32_t d = ix->doc[p];
            if (d >= ix->ndocs)
                continue; /* cannot happen in a validated index */
            if (acc[d] == 0 && (rc = ai_session_touch(s, d)) < 0)
                goto out;
            acc[d] += t->q * ((float)ix->w[p] / AI_SIM_WSCALE);
            topk_update(&top, d, acc[d]);
        }
    }
    /* Phase 2: only documents already seen can still win; look each up in the
     * remaining (long, low-weight) postings instead of scanning them. */
    struct cand *cand = NULL;
    size_t nc = 0;
    if (i < nt) {
        float theta = topk_theta(&top, min_score);
        if ((rc = ai_session_cand(s, 2 * (s->touched_n + 1) * sizeof *cand)) < 0)
            goto out;
        cand = s->cand;
        for (size_t j = 0; j < s->touched_n; j++) {
            uint32_t d = s->touched[j];
            if (acc[d] + rest[i] >= theta)
                cand[nc++] = (struct cand){d, acc[d]};
        }
        sort_by_doc(cand, cand + s->touched_n + 1, nc, ix->ndocs);
        for (; i < nt && nc; i++) {
            const struct qterm *t = &qt[i];
            uint64_t lo = ix->off[t->term], hi = ix->off[t->term + 1];
            size_t keep = 0;
            theta = topk_theta(&top, min_score);
            for (size_t j = 0; j < nc; j++) {
                if (cand[j].score + rest[i] < theta)
                    continue;
                lo = gallop(ix->doc, lo, hi, cand[j].doc);
                if (lo < hi && ix->doc[lo] == cand[j].doc) {
                    cand[j].score += t->q * ((float)ix->w[lo] / AI_SIM_WSCALE);
                    topk_update(&top, cand[j].doc, cand[j].score);
                }
                cand[keep++] = cand[j];
            }
            nc = keep;
        }
    }
    /* Final pick, with a fixed tie order. */
    size_t n = 0;
    if (cand) {
        for (size_t j = 0; j < nc; j++)
            if (cand[j].score >= min_score)
                insert_hit(out, &n, k, cand[j].doc, cand[j].score > 1.0f ? 1.0f : cand[j].score);
    } else {
        for (size_t j = 0; j < s->touched_n; j++) {
            uint32_t d = s->touched[j];
            if (acc[d] >= min_score)
                insert_hit(out, &n, k, d, acc[d] > 1.0f ? 1.0f : acc[d]);
        }
    }
    *nout = n;
    rc = AI_OK;
out:
    for (size_t j = 0; j < s->touched_n; j++)
        acc[s->touched[j]] = 0;
    s->touched_n = 0;
    return rc;
}
