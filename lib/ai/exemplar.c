/* exemplar: building the per-intent example vectors and the nearest-example query. */
#include "ai/exemplar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/status.h"
#include "core/vec.h"

#define WORDISH ((1u << AI_BLOCK_WORD) | (1u << AI_BLOCK_BIGRAM))

void ai_exemplars_cleanup(struct ai_exemplars *e)
{
    for (int i = 0; i < 4; i++)
        free(e->own[i]);
    memset(e, 0, sizeof *e);
}

/* Weighted, normalised terms of the keys k (sorted) in blocks mask into
 * key/w; returns how many. Keys of other blocks are skipped. */
static size_t weigh(const struct ai_keys *k, unsigned mask, const struct ai_classifier *c,
                    float unseen_idf, uint64_t *key, float *w)
{
    size_t n = 0;
    double norm = 0;
    for (size_t i = 0; i < k->n; i++) {
        unsigned b = ai_key_block(k->key[i]);
        if (b > AI_BLOCK_BIGRAM)
            break; /* blocks are the top bits: word and bigram keys sort first */
        if (!(mask & (1u << b)))
            continue;
        uint32_t id = ai_vocab_find(&c->vocab, k->key[i]);
        float idf = id == AI_VOCAB_NONE ? unseen_idf : c->idf[id];
        float v = (1.0f + logf((float)k->count[i])) * idf;
        key[n] = k->key[i];
        w[n++] = v;
        norm += (double)v * v;
    }
    if (norm > 0) {
        float r = (float)(1.0 / sqrt(norm));
        for (size_t i = 0; i < n; i++)
            w[i] *= r;
    }
    return n;
}

int ai_exemplars_build(const struct ai_classifier *c, const char *const *texts,
                       const uint32_t *labels, const uint32_t *rows, size_t nrows,
                       struct ai_exemplars *out)
{
    memset(out, 0, sizeof *out);
    if (nrows >= UINT32_MAX)
        return AI_ERANGE;
    unsigned mask = c->feat.blocks & WORDISH;
    struct ai_feat_opts fo = c->feat;
    fo.blocks = (uint8_t)mask;
    out->nclass = c->nclass;
    out->unseen_idf = ai_features_idf(0, (uint32_t)nrows);
    struct ai_session *s = NULL;
    uint32_t *class_off = calloc((size_t)c->nclass + 1, sizeof *class_off);
    uint32_t *order = malloc((nrows + 1) * sizeof *order);
    uint64_t *ptr = malloc((nrows + 1) * sizeof *ptr);
    uint64_t *key = NULL;
    float *w = NULL;
    size_t cap = 0, len = 0;
    int rc = AI_ENOMEM;
    if (!class_off || !order || !ptr || ai_session_new(&s) < 0)
        goto out_fail;
    /* Examples grouped by class, in input order within a class (counting sort). */
    for (size_t i = 0; i < nrows; i++)
        class_off[labels[rows[i]] + 1]++;
    for (uint32_t k = 0; k < c->nclass; k++)
        class_off[k + 1] += class_off[k];
    uint32_t *fill = malloc(((size_t)c->nclass + 1) * sizeof *fill);
    if (!fill)
        goto out_fail;
    memcpy(fill, class_off, ((size_t)c->nclass + 1) * sizeof *fill);
    for (size_t i = 0; i < nrows; i++)
        order[fill[labels[rows[i]]]++] = rows[i];
    free(fill);
    ptr[0] = 0;
    for (size_t i = 0; i < nrows; i++) {
        const char *t = texts[order[i]] ? texts[order[i]] : "";
        if (mask && (rc = ai_session_keys(s, t, strlen(t), &fo)) < 0)
            goto out_fail;
        size_t need = mask ? s->keys.n : 0;
        /* Two arrays, one capacity: both grow alike from the same cap. */
        size_t kcap = cap, wcap = cap;
        if (VEC_RESERVE(key, kcap, len + need) || VEC_RESERVE(w, wcap, len + need))
            goto out_nomem;
        cap = kcap;
        if (mask)
            len += weigh(&s->keys, mask, c, out->unseen_idf, key + len, w + len);
        ptr[i + 1] = len;
    }
    free(order);
    ai_session_free(s);
    out->class_off = out->own[0] = class_off;
    out->ptr = out->own[1] = ptr;
    out->key = out->own[2] = key;
    out->w = out->own[3] = w;
    out->nex = (uint32_t)nrows;
    out->nterms = len;
    return AI_OK;
out_nomem:
    rc = AI_ENOMEM;
out_fail:
    ai_session_free(s);
    free(class_off);
    free(order);
    free(ptr);
    free(key);
    free(w);
    memset(out, 0, sizeof *out);
    return rc;
}

int ai_exemplars_query(const struct ai_exemplars *e, const struct ai_classifier *c,
                       struct ai_session *s, uint32_t cls, float *cosine, float *unseen)
{
    *cosine = 0;
    *unseen = 0;
    unsigned mask = c->feat.blocks & WORDISH;
    if (!mask)
        return AI_OK;
    int rc = ai_session_query(s, s->keys.n + 1);
    if (rc < 0)
        return rc;
    /* Unseen share over the word unigrams, by count. */
    uint32_t words = 0, missing = 0;
    for (size_t i = 0; i < s->keys.n && ai_key_block(s->keys.key[i]) == AI_BLOCK_WORD; i++) {
        words += s->keys.count[i];
        if (ai_vocab_find(&c->vocab, s->keys.key[i]) == AI_VOCAB_NONE)
            missing += s->keys.count[i];
    }
    if (words)
        *unseen = (float)missing / (float)words;
    size_t qn = weigh(&s->keys, mask, c, e->unseen_idf, s->qkey, s->qw);
    if (qn == 0 || cls >= e->nclass)
        return AI_OK;
    const uint64_t *qk = s->qkey;
    const float *qw = s->qw;
    float best = 0;
    for (uint32_t x = e->class_off[cls]; x < e->class_off[cls + 1]; x++) {
        /* Merge-join of two ascending key lists. */
        uint64_t i = e->ptr[x], end = e->ptr[x + 1];
        size_t j = 0;
        float dot = 0;
        while (i < end && j < qn) {
            if (e->key[i] < qk[j])
                i++;
            else if (e->key[i] > qk[j])
                j++;
            else
                dot += e->w[i++] * qw[j++];
        }
        if (dot > best)
            best = dot;
    }
    *cosine = best > 1.0f ? 1.0f : best;
    return AI_OK;
}

int ai_exemplars_valid(const struct ai_exemplars *e)
{
    if (e->class_off[0] != 0 || e->class_off[e->nclass] != e->nex || e->ptr[0] != 0 ||
        e->ptr[e->nex] != e->nterms)
        return 0;
    for (uint32_t k = 0; k < e->nclass; k++)
        if (e->class_off[k + 1] < e->class_off[k])
            return 0;
    for (uint32_t i = 0; i < e->nex; i++)
        if (e->ptr[i + 1] < e->ptr[i])
            return 0;
    for (uint64_t i = 0; i < e->nterms; i++)
        if (!isfinite(e->w[i]))
            return 0;
    return isfinite(e->unseen_idf);
}
