/* classifier: feature vocabulary, SGD training of two linear models, their
 * ensemble, temperature calibration and prediction. */
#include "ai/classifier.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ai/calibrate.h"
#include "ai/clock.h"
#include "ai/rng.h"
#include "ai/status.h"
#include "core/vec.h"

/* Rows of the weight matrix are padded to a multiple of 4 floats so the inner
 * loops run on 4-wide vectors (SSE on x86-64, NEON on arm64) without -march. */
typedef float v4f __attribute__((vector_size(16)));
#define VW 4

enum loss { LOSS_SOFTMAX, LOSS_SQHINGE };

/* The featurised training set: CSR rows. */
struct csr {
    size_t n;
    size_t *ptr;
    uint32_t *idx;
    float *val;
};

void ai_train_opts_default(struct ai_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    o->epochs = 40;
    o->lambda = 0.0f;
    o->dropout = 0.5f;
    o->lr = 0.5f;
    o->hinge_weight = 0.0f;
    o->calib_frac = 0.1f;
    o->min_df = 1;
    o->refit = 1;
    ai_feat_opts_classifier(&o->feat);
}

void ai_classifier_cleanup(struct ai_classifier *c)
{
    ai_vocab_cleanup(&c->vocab);
    free(c->own_idf);
    free(c->own_weights);
    free(c->own_bias);
    memset(c, 0, sizeof *c);
}

static void *alloc_aligned(size_t bytes)
{
    size_t n = (bytes + 63) / 64 * 64;
    void *p = aligned_alloc(64, n ? n : 64);
    if (p)
        memset(p, 0, n ? n : 64);
    return p;
}

/* z[0..stride) = scale * sum_j val[j] * W[idx[j]] + b. */
static void dot_rows(const float *restrict W, const float *restrict b, size_t stride,
                     const uint32_t *idx, const float *val, size_t nnz, float scale,
                     float *restrict z)
{
    size_t nv = stride / VW;
    v4f *zz = (v4f *)z;
    for (size_t k = 0; k < nv; k++)
        zz[k] = (v4f){0, 0, 0, 0};
    for (size_t j = 0; j < nnz; j++) {
        const v4f *row = (const v4f *)(W + (size_t)idx[j] * stride);
        float x = val[j];
        for (size_t k = 0; k < nv; k++)
            zz[k] += x * row[k];
    }
    const v4f *bb = (const v4f *)b;
    for (size_t k = 0; k < nv; k++)
        zz[k] = zz[k] * scale + bb[k];
}

/* dL/dz for one example into g (zero beyond nclass); returns the loss. */
static float loss_grad(enum loss loss, const float *z, uint32_t nclass, uint32_t y, float *g)
{
    if (loss == LOSS_SOFTMAX) {
        float m = z[0];
        for (uint32_t c = 1; c < nclass; c++)
            if (z[c] > m)
                m = z[c];
        double sum = 0;
        for (uint32_t c = 0; c < nclass; c++) {
            g[c] = expf(z[c] - m);
            sum += g[c];
        }
        float r = (float)(1.0 / sum);
        for (uint32_t c = 0; c < nclass; c++)
            g[c] *= r;
        float l = -logf(g[y] > 1e-30f ? g[y] : 1e-30f);
        g[y] -= 1.0f;
        return l;
    }
    /* One-vs-rest squared hinge: each class is its own +1/-1 problem. */
    float l = 0;
    for (uint32_t c = 0; c < nclass; c++) {
        float t = c == y ? 1.0f : -1.0f;
        float m = 1.0f - t * z[c];
        if (m > 0) {
            l += m * m;
            g[c] = -2.0f * t * m;
        } else {
            g[c] = 0;
        }
    }
    return l;
}

/* Plain SGD on mean loss + lambda/2 |W|^2 with a linearly decaying step.
 * The L2 shrink is applied lazily through a global scale (W = s * V), so a
 * step costs O(nnz * classes), not O(features * classes). */
static int sgd_fit(const struct csr *X, const uint32_t *y, const uint32_t *rows, size_t nrows,
                   uint32_t nfeat, uint32_t nclass, uint32_t stride, enum loss loss,
                   const struct ai_train_opts *o, float *W, float *b)
{
    uint32_t *order = malloc(nrows * sizeof *order);
    float *z = alloc_aligned(stride * sizeof *z);
    float *g = alloc_aligned(stride * sizeof *g);
    if (!order || !z || !g) {
        free(order);
        free(z);
        free(g);
        return AI_ENOMEM;
    }
    size_t maxnnz = 1;
    for (size_t i = 0; i < nrows; i++)
        if (X->ptr[rows[i] + 1] - X->ptr[rows[i]] > maxnnz)
            maxnnz = X->ptr[rows[i] + 1] - X->ptr[rows[i]];
    uint32_t *didx = malloc(maxnnz * sizeof *didx);
    float *dval = malloc(maxnnz * sizeof *dval);
    if (!didx || !dval) {
        free(didx);
        free(dval);
        free(order);
        free(z);
        free(g);
        return AI_ENOMEM;
    }
    float keep = 1.0f - o->dropout, inv_keep = 1.0f / keep;
    uint32_t keep_u32 = (uint32_t)(keep * 4294967295.0);
    memcpy(order, rows, nrows * sizeof *order);
    memset(W, 0, (size_t)nfeat * stride * sizeof *W);
    memset(b, 0, stride * sizeof *b);
    struct ai_rng rng;
    ai_rng_seed(&rng, o->seed * 2 + (uint64_t)loss);
    double s = 1.0;
    size_t total = (size_t)o->epochs * nrows, t = 0;
    size_t nv = stride / VW;
    float lr0 = loss == LOSS_SOFTMAX ? o->lr : o->lr * 0.25f;
    for (uint32_t e = 0; e < o->epochs; e++) {
        for (size_t i = nrows; i > 1; i--) {
            size_t j = ai_rng_below(&rng, (uint32_t)i);
            uint32_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; i < nrows; i++, t++) {
            uint32_t r = order[i];
            float lr = lr0 * (1.0f - (float)t / (float)total);
            const uint32_t *idx = X->idx + X->ptr[r];
            const float *val = X->val + X->ptr[r];
            size_t nnz = X->ptr[r + 1] - X->ptr[r];
            if (keep < 1.0f) {
                /* Dropout noise: each feature kept with probability keep, rescaled by 1/keep.
                 * It acts as an adaptive regulariser that favours spreading weight over
                 * several features, which is what short paraphrased texts need. */
                size_t m = 0;
                for (size_t j = 0; j < nnz; j++) {
                    if ((uint32_t)ai_rng_next(&rng) < keep_u32) {
                        didx[m] = idx[j];
                        dval[m++] = val[j] * inv_keep;
                    }
                }
                idx = didx;
                val = dval;
                nnz = m;
            }
            dot_rows(W, b, stride, idx, val, nnz, (float)s, z);
            loss_grad(loss, z, nclass, y[r], g);
            s *= 1.0 - (double)lr * o->lambda;
            const v4f *gg = (const v4f *)g;
            for (size_t j = 0; j < nnz; j++) {
                v4f *row = (v4f *)(W + (size_t)idx[j] * stride);
                float coef = (float)(-lr * val[j] / s);
                for (size_t k = 0; k < nv; k++)
                    row[k] += coef * gg[k];
            }
            for (uint32_t c = 0; c < nclass; c++)
                b[c] -= lr * g[c];
            if (s < 1e-4) {
                for (size_t k = 0; k < (size_t)nfeat * stride; k++)
                    W[k] *= (float)s;
                s = 1.0;
            }
        }
    }
    for (size_t k = 0; k < (size_t)nfeat * stride; k++)
        W[k] *= (float)s;
    free(didx);
    free(dval);
    free(order);
    free(z);
    free(g);
    return AI_OK;
}

/* The ensemble on the given rows, summed into W/b: the mean of o->models
 * softmax models (different seeds: different shuffles and dropout masks), plus
 * hinge_weight times a one-vs-rest squared-hinge model. Still one linear model. */
static int fit_ensemble(const struct csr *X, const uint32_t *y, const uint32_t *rows, size_t nrows,
                        uint32_t nfeat, uint32_t nclass, uint32_t stride,
                        const struct ai_train_opts *o, float *W, float *b)
{
    uint32_t models = o->models ? o->models : 1;
    int rc = sgd_fit(X, y, rows, nrows, nfeat, nclass, stride, LOSS_SOFTMAX, o, W, b);
    if (rc < 0 || (models == 1 && o->hinge_weight <= 0))
        return rc;
    size_t nw = (size_t)nfeat * stride;
    float *W2 = alloc_aligned(nw * sizeof *W2);
    float *b2 = alloc_aligned(stride * sizeof *b2);
    if (!W2 || !b2) {
        free(W2);
        free(b2);
        return AI_ENOMEM;
    }
    struct ai_train_opts oi = *o;
    for (uint32_t m = 1; m < models && rc == AI_OK; m++) {
        oi.seed = o->seed + 0x9e37u * m;
        if ((rc = sgd_fit(X, y, rows, nrows, nfeat, nclass, stride, LOSS_SOFTMAX, &oi, W2, b2)) ==
            AI_OK) {
            for (size_t k = 0; k < nw; k++)
                W[k] += W2[k];
            for (size_t c = 0; c < stride; c++)
                b[c] += b2[c];
        }
    }
    if (rc == AI_OK && models > 1) {
        float inv = 1.0f / (float)models;
        for (size_t k = 0; k < nw; k++)
            W[k] *= inv;
        for (size_t c = 0; c < stride; c++)
            b[c] *= inv;
    }
    if (rc == AI_OK && o->hinge_weight > 0) {
        rc = sgd_fit(X, y, rows, nrows, nfeat, nclass, stride, LOSS_SQHINGE, o, W2, b2);
        if (rc == AI_OK) {
            for (size_t k = 0; k < nw; k++)
                W[k] += o->hinge_weight * W2[k];
            for (size_t c = 0; c < stride; c++)
                b[c] += o->hinge_weight * b2[c];
        }
    }
    free(W2);
    free(b2);
    return rc;
}

/* Keys of every text, concatenated, for the vocabulary and the CSR build. */
struct doc_keys {
    size_t *ptr;
    uint64_t *key;
    uint32_t *count;
    size_t len, cap;
};

static int collect_keys(struct ai_session *s, const char *const *texts, size_t n,
                        const struct ai_feat_opts *fo, struct doc_keys *dk)
{
    dk->ptr = malloc((n + 1) * sizeof *dk->ptr);
    if (!dk->ptr)
        return AI_ENOMEM;
    dk->ptr[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i] ? texts[i] : "";
        int rc = ai_session_keys(s, t, strlen(t), fo);
        if (rc < 0)
            return rc;
        /* Two arrays, one capacity: both grow alike from the same cap. */
        size_t kcap = dk->cap, ccap = dk->cap;
        if (VEC_RESERVE(dk->key, kcap, dk->len + s->keys.n) ||
            VEC_RESERVE(dk->count, ccap, dk->len + s->keys.n))
            return AI_ENOMEM;
        dk->cap = kcap;
        memcpy(dk->key + dk->len, s->keys.key, s->keys.n * sizeof *dk->key);
        memcpy(dk->count + dk->len, s->keys.count, s->keys.n * sizeof *dk->count);
        dk->len += s->keys.n;
        dk->ptr[i + 1] = dk->len;
    }
    return AI_OK;
}

/* Vocabulary of keys in >= min_df texts, ids in first-seen order, and idf. */
static int build_vocab(const struct doc_keys *dk, size_t n, uint32_t min_df, struct ai_vocab *voc,
                       float **idf_out, uint32_t *nfeat)
{
    struct ai_vocab all;
    uint32_t *df = NULL;
    size_t df_cap = 0;
    int rc = ai_vocab_init(&all, 1 << 16);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < dk->len; i++) {
        uint32_t id;
        bool added;
        if ((rc = ai_vocab_add(&all, dk->key[i], &id, &added)) < 0)
            goto out_all;
        /* keys are unique within a text, so this counts texts */
        if ((rc = ai_df_count(&df, &df_cap, id)) < 0)
            goto out_all;
    }
    if ((rc = ai_vocab_init(voc, all.n)) < 0)
        goto out_all;
    float *idf = malloc((all.n + 1) * sizeof *idf);
    if (!idf) {
        rc = AI_ENOMEM;
        goto out_voc;
    }
    for (size_t i = 0; i < dk->len; i++) {
        uint32_t a = ai_vocab_find(&all, dk->key[i]), id;
        bool added;
        if (df[a] < min_df)
            continue;
        if ((rc = ai_vocab_add(voc, dk->key[i], &id, &added)) < 0) {
            free(idf);
            goto out_voc;
        }
        if (added)
            idf[id] = ai_features_idf(df[a], (uint32_t)n);
    }
    *idf_out = idf;
    *nfeat = voc->n;
    free(df);
    ai_vocab_cleanup(&all);
    return AI_OK;
out_voc:
    ai_vocab_cleanup(voc);
out_all:
    free(df);
    ai_vocab_cleanup(&all);
    return rc;
}

static int build_csr(struct ai_session *s, const struct doc_keys *dk, size_t n,
                     const struct ai_vocab *voc, const float *idf, const struct ai_feat_opts *fo,
                     struct csr *X)
{
    X->n = n;
    X->ptr = malloc((n + 1) * sizeof *X->ptr);
    X->idx = malloc((dk->len + 1) * sizeof *X->idx);
    X->val = malloc((dk->len + 1) * sizeof *X->val);
    if (!X->ptr || !X->idx || !X->val)
        return AI_ENOMEM;
    X->ptr[0] = 0;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        /* A read-only view of this text's keys. */
        struct ai_keys view = {0};
        view.key = dk->key + dk->ptr[i];
        view.count = dk->count + dk->ptr[i];
        view.n = dk->ptr[i + 1] - dk->ptr[i];
        int rc = ai_features_vector(&view, voc, idf, fo, 1, &s->vec);
        if (rc < 0)
            return rc;
        memcpy(X->idx + at, s->vec.idx, s->vec.n * sizeof *X->idx);
        memcpy(X->val + at, s->vec.val, s->vec.n * sizeof *X->val);
        at += s->vec.n;
        X->ptr[i + 1] = at;
    }
    return AI_OK;
}

/* Per class, a seeded shuffle puts the first calib_frac of its examples in the
 * calibration part (at least one when the class has three or more). */
static int split_rows(const uint32_t *labels, size_t n, uint32_t nclass, float frac, uint64_t seed,
                      uint32_t *fit, size_t *nfit, uint32_t *cal, size_t *ncal)
{
    uint32_t *perm = malloc(n * sizeof *perm);
    size_t *count = calloc(nclass, sizeof *count);
    if (!perm || !count) {
        free(perm);
        free(count);
        return AI_ENOMEM;
    }
    struct ai_rng rng;
    ai_rng_seed(&rng, seed ^ 0xca11b7a7eULL);
    for (size_t i = 0; i < n; i++)
        perm[i] = (uint32_t)i;
    for (size_t i = n; i > 1; i--) {
        size_t j = ai_rng_below(&rng, (uint32_t)i);
        uint32_t t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    size_t *total = calloc(nclass, sizeof *total);
    if (!total) {
        free(perm);
        free(count);
        return AI_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        total[labels[i]]++;
    *nfit = *ncal = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = perm[i], c = labels[r];
        size_t want = total[c] >= 3 ? (size_t)(frac * total[c] + 0.5) : 0;
        if (want == 0 && total[c] >= 3 && frac > 0)
            want = 1;
        if (count[c] < want) {
            cal[(*ncal)++] = r;
            count[c]++;
        } else {
            fit[(*nfit)++] = r;
        }
    }
    free(perm);
    free(count);
    free(total);
    return AI_OK;
}

int ai_classifier_train(const char *const *texts, const uint32_t *labels, size_t n, uint32_t nclass,
                        const struct ai_train_opts *o, struct ai_classifier *out,
                        struct ai_train_report *rep)
{
    memset(out, 0, sizeof *out);
    struct ai_train_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    if (n < 2)
        return AI_ENODATA;
    if (nclass < 2 || nclass > 65535 || n > UINT32_MAX / 2 || !o || o->epochs == 0 ||
        !(o->lr > 0) || !(o->lambda >= 0) || o->models > 16 ||
        !(o->dropout >= 0 && o->dropout <= 0.9f) || !(o->calib_frac >= 0 && o->calib_frac < 0.5f) ||
        o->feat.char_min < 1 || o->feat.char_max > 8 || o->feat.char_min > o->feat.char_max ||
        o->feat.xchar_max > 8 || o->feat.xchar_min > o->feat.xchar_max)
        return AI_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (labels[i] >= nclass)
            return AI_EINVAL;
    double t0 = ai_now_seconds();
    int rc;
    struct ai_session *s = NULL;
    struct doc_keys dk = {0};
    struct csr X = {0};
    uint32_t *fit = NULL, *cal = NULL;
    float *scores = NULL;
    uint32_t *cal_labels = NULL;
    uint32_t stride = (nclass + VW - 1) / VW * VW;

    if ((rc = ai_session_new(&s)) < 0)
        goto out;
    if ((rc = collect_keys(s, texts, n, &o->feat, &dk)) < 0)
        goto out;
    float *idf = NULL;
    if ((rc = build_vocab(&dk, n, o->min_df, &out->vocab, &idf, &out->nfeat)) < 0)
        goto out;
    out->own_idf = idf;
    out->idf = idf;
    if ((rc = build_csr(s, &dk, n, &out->vocab, idf, &o->feat, &X)) < 0)
        goto out;
    free(dk.key);
    free(dk.count);
    dk.key = NULL;
    dk.count = NULL;

    out->feat = o->feat;
    out->nclass = nclass;
    out->stride = stride;
    out->temperature = 1.0f;
    out->own_weights = alloc_aligned((size_t)out->nfeat * stride * sizeof(float) + 64);
    out->own_bias = alloc_aligned(stride * sizeof(float));
    fit = malloc(n * sizeof *fit);
    cal = malloc(n * sizeof *cal);
    if (!out->own_weights || !out->own_bias || !fit || !cal) {
        rc = AI_ENOMEM;
        goto out;
    }
    out->weights = out->own_weights;
    out->bias = out->own_bias;
    size_t nfit, ncal;
    if ((rc = split_rows(labels, n, nclass, o->calib_frac, o->seed, fit, &nfit, cal, &ncal)) < 0)
        goto out;
    rep->calib_n = ncal;
    if (ncal > 0) {
        /* Calibrate on examples the model has not seen. */
        if ((rc = fit_ensemble(&X, labels, fit, nfit, out->nfeat, nclass, stride, o,
                               out->own_weights, out->own_bias)) < 0)
            goto out;
        scores = malloc(ncal * stride * sizeof *scores);
        cal_labels = malloc(ncal * sizeof *cal_labels);
        float *z = alloc_aligned(stride * sizeof *z);
        if (!scores || !cal_labels || !z) {
            free(z);
            rc = AI_ENOMEM;
            goto out;
        }
        size_t right = 0;
        for (size_t i = 0; i < ncal; i++) {
            uint32_t r = cal[i];
            dot_rows(out->weights, out->bias, stride, X.idx + X.ptr[r], X.val + X.ptr[r],
                     X.ptr[r + 1] - X.ptr[r], 1.0f, z);
            memcpy(scores + i * stride, z, stride * sizeof *z);
            cal_labels[i] = labels[r];
            uint32_t best = 0;
            for (uint32_t c = 1; c < nclass; c++)
                if (z[c] > z[best])
                    best = c;
            right += best == labels[r];
        }
        free(z);
        rep->calib_accuracy = (double)right / (double)ncal;
        rep->temperature = ai_calib_fit_temperature(scores, stride, nclass, cal_labels, ncal);
        rep->calib_nll_raw = ai_calib_nll(scores, stride, nclass, cal_labels, ncal, 1.0);
        rep->calib_nll = ai_calib_nll(scores, stride, nclass, cal_labels, ncal, rep->temperature);
        out->temperature = (float)rep->temperature;
    }
    if (ncal == 0 || o->refit) {
        for (size_t i = 0; i < n; i++)
            fit[i] = (uint32_t)i;
        if ((rc = fit_ensemble(&X, labels, fit, n, out->nfeat, nclass, stride, o, out->own_weights,
                               out->own_bias)) < 0)
            goto out;
    }
    rep->nfeat = out->nfeat;
    rep->seconds = ai_now_seconds() - t0;
    rc = AI_OK;
out:
    ai_session_free(s);
    free(dk.ptr);
    free(dk.key);
    free(dk.count);
    free(X.ptr);
    free(X.idx);
    free(X.val);
    free(fit);
    free(cal);
    free(scores);
    free(cal_labels);
    if (rc < 0)
        ai_classifier_cleanup(out);
    return rc;
}

int ai_classifier_scores(const struct ai_classifier *c, struct ai_session *s, const char *text,
                         size_t len)
{
    int rc = ai_session_keys(s, text, len, &c->feat);
    if (rc < 0)
        return rc;
    if ((rc = ai_features_vector(&s->keys, &c->vocab, c->idf, &c->feat, 0, &s->vec)) < 0)
        return rc;
    if ((rc = ai_session_scores(s, c->stride + VW)) < 0)
        return rc;
    dot_rows(c->weights, c->bias, c->stride, s->vec.idx, s->vec.val, s->vec.n, 1.0f, s->scores);
    return AI_OK;
}

int ai_classifier_top(const struct ai_classifier *c, struct ai_session *s, const char *text,
                      size_t len, struct ai_class_prob *out, size_t k, size_t *nout)
{
    int rc = ai_classifier_scores(c, s, text, len);
    if (rc < 0)
        return rc;
    ai_classifier_top_scored(c, s, out, k, nout);
    return AI_OK;
}

void ai_classifier_top_scored(const struct ai_classifier *c, struct ai_session *s,
                              struct ai_class_prob *out, size_t k, size_t *nout)
{
    ai_softmax(s->scores, c->nclass, c->temperature);
    if (k > c->nclass)
        k = c->nclass;
    *nout = 0;
    if (k == 0)
        return;
    /* Partial selection: k is small (a handful) next to nclass. */
    size_t n = 0;
    for (uint32_t cl = 0; cl < c->nclass; cl++) {
        float p = s->scores[cl];
        if (n == k && p <= out[n - 1].prob)
            continue;
        size_t j = n < k ? n++ : n - 1;
        while (j > 0 && out[j - 1].prob < p) {
            out[j] = out[j - 1];
            j--;
        }
        out[j].label = cl;
        out[j].prob = p;
    }
    *nout = n;
}
