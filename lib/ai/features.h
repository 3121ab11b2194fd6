/* features: tokens -> hashed n-gram keys -> weighted sparse vectors (TF-IDF). */
#ifndef DESKPILOT_AI_FEATURES_H
#define DESKPILOT_AI_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ai/tokenize.h"
#include "ai/vocab.h"

/* Feature families. Each is TF-IDF weighted and l2-normalised on its own, then
 * scaled by its block weight, so one family cannot drown the others. */
enum ai_block {
    AI_BLOCK_WORD = 0,    /* stemmed word unigrams */
    AI_BLOCK_BIGRAM = 1,  /* stemmed word bigrams, with start/end markers */
    AI_BLOCK_CHAR = 2,    /* character n-grams of each word, padded with boundaries */
    AI_BLOCK_TRIGRAM = 3, /* stemmed word trigrams */
    AI_BLOCK_SKIP = 4,    /* stemmed word pairs with one word between */
    AI_BLOCK_XCHAR = 5,   /* character n-grams across words (text joined by single spaces) */
    AI_BLOCK_SURFACE = 6, /* unstemmed word unigrams */
    AI_NBLOCKS = 7,
};

/* Which features to extract. Stored in model files: fixed-size fields only. */
struct ai_feat_opts {
    uint8_t blocks;   /* bit mask of 1 << enum ai_block */
    uint8_t char_min; /* char n-gram lengths, in code points (1..8) */
    uint8_t char_max;
    uint8_t sublinear;            /* 1: tf -> 1 + ln(tf) */
    uint8_t xchar_min, xchar_max; /* lengths for AI_BLOCK_XCHAR */
    uint8_t stopwords;            /* 1: English function words give no word unigram */
    uint8_t pad;
    float block_weight[8];
};

/* The distinct keys of one text with their counts. Reused across calls. */
struct ai_keys {
    uint64_t *key; /* block in the top 3 bits */
    uint32_t *count;
    size_t n, cap;
    uint64_t *tmp; /* scratch for collecting before counting */
    size_t tmp_n, tmp_cap;
};

/* A sparse vector: n (index, value) pairs. Reused across calls. */
struct ai_svec {
    uint32_t *idx;
    float *val;
    size_t n, cap;
};

static inline unsigned ai_key_block(uint64_t key)
{
    return (unsigned)(key >> 61);
}

/* Defaults for the intent classifier and for the similarity index. */
void ai_feat_opts_classifier(struct ai_feat_opts *o);
void ai_feat_opts_similarity(struct ai_feat_opts *o);

void ai_keys_cleanup(struct ai_keys *k);
void ai_svec_cleanup(struct ai_svec *v);
/* Make room for n entries (keeps contents). Returns 0 or AI_ENOMEM. */
int ai_svec_reserve(struct ai_svec *v, size_t n);

/* Extract the keys of the tokens in t (already run on a text) per o.
 * out->key is sorted ascending. Returns 0 or AI_ENOMEM. */
int ai_features_keys(const struct ai_tokenizer *t, const struct ai_feat_opts *o,
                     struct ai_keys *out);

/* Weight keys into a sparse vector over voc: keys not in voc are dropped;
 * value = tf' * idf[id] (tf' sublinear per o), then each block is l2-normalised
 * and scaled by o->block_weight. Output sorted by index when sort != 0.
 * Returns 0 or AI_ENOMEM. */
int ai_features_vector(const struct ai_keys *k, const struct ai_vocab *voc, const float *idf,
                       const struct ai_feat_opts *o, int sort, struct ai_svec *out);

/* True when the normalised word is an English function word ("the", "my", "is"...). */
bool ai_features_is_stopword(const char *word, size_t len);

/* Smoothed inverse document frequency, as in common TF-IDF: ln((1+n)/(1+df)) + 1. */
float ai_features_idf(uint32_t df, uint32_t ndocs);

#endif
