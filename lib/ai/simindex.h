/* simindex: the inverted index of resolved tickets and its exact top-k cosine search. */
#ifndef DESKPILOT_AI_SIMINDEX_H
#define DESKPILOT_AI_SIMINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "ai/features.h"
#include "ai/session.h"
#include "ai/vocab.h"

/* Scale of the stored per-posting weights (a uint16 holds weight * AI_SIM_WSCALE). */
#define AI_SIM_WSCALE 65535.0f
/* Each term's postings are split by weight into tiers (top 10%, next 30%, the
 * rest), each sorted by document, each with its own maximum: the search bounds
 * what a low tier can add by its own small maximum and only looks documents up
 * in it, instead of scanning the long list of a common word. */
#define AI_SIM_TIERS 3

/* Documents are TF-IDF vectors of stemmed words (sublinear tf), l2-normalised,
 * so the score of a query against a document is their cosine, in 0..1.
 * Postings list document numbers with the document's quantised weight. Arrays are owned after
 * ai_simindex_build, or point into a mapped model file. */
struct ai_simindex {
    struct ai_vocab vocab; /* term key -> term id */
    const float *idf;      /* nterms */
    const float *maxw;     /* nterms * AI_SIM_TIERS: largest weight in each tier */
    const uint64_t *off;   /* nterms * AI_SIM_TIERS + 1: tier j of term t is
                              [off[t * AI_SIM_TIERS + j], off[t * AI_SIM_TIERS + j + 1]),
                              documents ascending within a tier */
    const uint32_t *doc;   /* npost */
    const uint16_t *w;     /* npost */
    uint32_t nterms, ndocs;
    uint64_t npost;
    void *own[5]; /* owned arrays (NULL when mapped) */
};

/* One search hit: a document number (position in the build input) and its cosine. */
struct ai_sim_hit {
    uint32_t doc;
    float score;
};

/* Build from ndocs texts (NULL reads as ""). Deterministic. Returns 0,
 * AI_ENOMEM, AI_ERANGE (more than 2^31 documents). */
int ai_simindex_build(struct ai_session *s, const char *const *texts, size_t ndocs,
                      struct ai_simindex *out);
void ai_simindex_cleanup(struct ai_simindex *ix);

/* The query side of a search, shared by the index and the delta segment:
 * the query's terms with their l2-normalised weights. Filled by
 * ai_simindex_query; borrowed until the next call on the same session. */
struct ai_sim_query {
    size_t n;
    const uint64_t *key;  /* term keys */
    const float *q;       /* normalised query weights */
    const uint32_t *term; /* term id in the index, or AI_VOCAB_NONE */
};

/* Turn text into a query against ix (idf from ix; terms it has never seen get
 * the idf of a term in no document). Uses s->keys/s->vec. 0 or AI_ENOMEM. */
int ai_simindex_query(const struct ai_simindex *ix, struct ai_session *s, const char *text,
                      size_t len, struct ai_sim_query *q);

/* The k best documents for q with score >= min_score, best first (ties: lower
 * document first), exact: MaxScore pruning skips only documents that provably
 * cannot reach the top k. *nout <= k. Returns 0 or AI_ENOMEM. */
int ai_simindex_search(const struct ai_simindex *ix, struct ai_session *s,
                       const struct ai_sim_query *q, size_t k, float min_score,
                       struct ai_sim_hit *out, size_t *nout);

/* idf of a term for this index (its own, or the unseen-term idf). */
float ai_simindex_idf(const struct ai_simindex *ix, uint64_t key);

#endif
