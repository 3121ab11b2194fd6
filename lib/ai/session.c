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
