/* session: allocation and growth of per-worker scratch buffers. */
#include "ai/session.h"

#include <stdlib.h>
#include <string.h>

#include "ai/status.h"

int ai_session_new(struct ai_session **out)
{
    struct ai_session *s = calloc(1, sizeof *s);
    if (!s)
        return AI_ENOMEM;
    int rc = ai_tokenizer_init(&s->tok);
    if (rc < 0) {
        free(s);
        return rc;
    }
    *out = s;
    return AI_OK;
}

void ai_session_free(struct ai_session *s)
{
    if (!s)
        return;
    ai_tokenizer_cleanup(&s->tok);
    ai_keys_cleanup(&s->keys);
    ai_svec_cleanup(&s->vec);
    free(s->scores);
    free(s->acc);
    free(s->touched);
    free(s->qkey);
    free(s->qw);
    free(s->qterm);
    free(s->cand);
    free(s->dacc);
    free(s);
}

int ai_session_scores(struct ai_session *s, size_t n)
{
    if (n <= s->scores_cap)
        return AI_OK;
    /* Aligned for the vector loops of the classifier; contents need not survive. */
    float *p = aligned_alloc(64, (n * sizeof *p + 63) / 64 * 64);
    if (!p)
        return AI_ENOMEM;
    free(s->scores);
    s->scores = p;
    s->scores_cap = n;
    return AI_OK;
}

int ai_session_acc(struct ai_session *s, size_t n)
{
    if (n <= s->acc_cap)
        return AI_OK;
    /* The accumulators are kept zero between queries (only touched ones are reset). */
    float *p = calloc(n, sizeof *p);
    if (!p)
        return AI_ENOMEM;
    free(s->acc);
    s->acc = p;
    s->acc_cap = n;
    return AI_OK;
}

int ai_session_keys(struct ai_session *s, const char *text, size_t len, const struct ai_feat_opts *o)
{
    int rc = ai_tokenize(&s->tok, text, len);
    if (rc < 0)
        return rc;
    return ai_features_keys(&s->tok, o, &s->keys);
}

int ai_session_query(struct ai_session *s, size_t n)
{
    if (n <= s->q_cap)
        return AI_OK;
    size_t cap = s->q_cap ? s->q_cap : 64;
    while (cap < n)
        cap *= 2;
    uint64_t *k = realloc(s->qkey, cap * sizeof *k);
    if (!k)
        return AI_ENOMEM;
    s->qkey = k;
    float *w = realloc(s->qw, cap * sizeof *w);
    if (!w)
        return AI_ENOMEM;
    s->qw = w;
    uint32_t *t = realloc(s->qterm, cap * sizeof *t);
    if (!t)
        return AI_ENOMEM;
    s->qterm = t;
    s->q_cap = cap;
    return AI_OK;
}

int ai_session_cand(struct ai_session *s, size_t bytes)
{
    if (bytes <= s->cand_cap)
        return AI_OK;
    size_t cap = s->cand_cap ? s->cand_cap : 4096;
    while (cap < bytes)
        cap *= 2;
    void *p = realloc(s->cand, cap);
    if (!p)
        return AI_ENOMEM;
    s->cand = p;
    s->cand_cap = cap;
    return AI_OK;
}

int ai_session_dacc(struct ai_session *s, size_t n)
{
    if (n <= s->dacc_cap)
        return AI_OK;
    size_t cap = s->dacc_cap ? s->dacc_cap : 256;
    while (cap < n)
        cap *= 2;
    float *p = calloc(cap, sizeof *p);
    if (!p)
        return AI_ENOMEM;
    free(s->dacc);
    s->dacc = p;
    s->dacc_cap = cap;
    return AI_OK;
}

int ai_session_touch(struct ai_session *s, uint32_t doc)
{
    if (s->touched_n == s->touched_cap) {
        size_t cap = s->touched_cap ? 2 * s->touched_cap : 1024;
        uint32_t *p = realloc(s->touched, cap * sizeof *p);
        if (!p)
            return AI_ENOMEM;
        s->touched = p;
        s->touched_cap = cap;
    }
    s->touched[s->touched_n++] = doc;
    return AI_OK;
}
