/* session: the per-worker scratch memory every lib/ai query reuses (never shared). */
#ifndef DESKPILOT_AI_SESSION_H
#define DESKPILOT_AI_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "ai/features.h"
#include "ai/tokenize.h"

/* One per worker process or thread: it holds the stemmer and the buffers a
 * classification or similarity query fills, so a query allocates nothing once
 * warmed up. A model may be shared by many sessions; a session by one thread. */
struct ai_session {
    struct ai_tokenizer tok;
    struct ai_keys keys;
    struct ai_svec vec;
    float *scores; /* per-class scores, sized for the largest model seen */
    size_t scores_cap;
    float *acc; /* similarity accumulators, one per indexed ticket, zero between queries */
    size_t acc_cap;
    uint32_t *touched; /* tickets with a non-zero accumulator */
    size_t touched_n, touched_cap;
    uint64_t *qkey; /* similarity query: term keys, weights, term ids */
    float *qw;
    uint32_t *qterm;
    size_t q_cap;
    void *cand;      /* similarity search candidates (simindex-private layout) */
    size_t cand_cap; /* in bytes */
    float *dacc;     /* delta-segment accumulators, zero between queries */
    size_t dacc_cap;
};

/* Returns 0 or AI_ENOMEM; *out is freed with ai_session_free. */
int ai_session_new(struct ai_session **out);
/* Harmless on NULL. */
void ai_session_free(struct ai_session *s);
/* Make s->scores hold n floats / s->acc hold n zeroed floats. 0 or AI_ENOMEM. */
int ai_session_scores(struct ai_session *s, size_t n);
int ai_session_acc(struct ai_session *s, size_t n);
/* Make room for n query terms / n bytes of candidates / n zeroed delta accumulators. */
int ai_session_query(struct ai_session *s, size_t n);
int ai_session_cand(struct ai_session *s, size_t bytes);
int ai_session_dacc(struct ai_session *s, size_t n);
/* Append doc to s->touched. 0 or AI_ENOMEM. */
int ai_session_touch(struct ai_session *s, uint32_t doc);
/* Tokenize text and extract its keys per o into s->tok and s->keys. 0 or AI_ENOMEM. */
int ai_session_keys(struct ai_session *s, const char *text, size_t len,
                    const struct ai_feat_opts *o);

#endif
