/* session: allocation and growth of per-worker scratch buffers. */
#include "ai/session.h"

#include <stdlib.h>
#include <string.h>

#include "ai/status.h"
#include "core/vec.h"

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

int ai_session_keys(struct ai_session *s, const char *text, size_t len,
                    const struct ai_feat_opts *o)
{
    int rc = ai_tokenize(&s->tok, text, len);
    if (rc < 0)
        return rc;
    return ai_features_keys(&s->tok, o, &s->keys);
}

int ai_session_query(struct ai_session *s, size_t n)
{
    /* Three arrays, one capacity: all grow alike from the same cap. */
    size_t kcap = s->q_cap, wcap = s->q_cap, tcap = s->q_cap;
    if (VEC_RESERVE(s->qkey, kcap, n) || VEC_RESERVE(s->qw, wcap, n) ||
        VEC_RESERVE(s->qterm, tcap, n))
        return AI_ENOMEM;
    s->q_cap = kcap;
    return AI_OK;
}

int ai_session_cand(struct ai_session *s, size_t bytes)
{
    if (bytes <= s->cand_cap)
        return AI_OK;
    /* Untyped scratch counted in bytes (callers view it as their own type):
     * VEC_RESERVE needs an element type, so this one grows by hand. */
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
    if (VEC_RESERVE(s->touched, s->touched_cap, s->touched_n + 1))
        return AI_ENOMEM;
    s->touched[s->touched_n++] = doc;
    return AI_OK;
}
