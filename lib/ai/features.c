/* features: n-gram extraction and TF-IDF weighting. */
#include "ai/features.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ai/hash.h"
#include "ai/status.h"
#include "core/vec.h"

#define KEY_MASK (~(7ULL << 61))
#define SEED_WORD 0x77u
#define SEED_CHAR 0x63u
#define SEED_XCHAR 0x78u
#define SEED_SURFACE 0x73u
/* Stand-ins for "before the first word" / "after the last word" in bigrams. */
#define HASH_BOS 0x2f6b1a9c3d5e7f11ULL
#define HASH_EOS 0x51c3e7a9b2d4f683ULL

void ai_feat_opts_classifier(struct ai_feat_opts *o)
{
    memset(o, 0, sizeof *o);
    o->blocks = (1u << AI_BLOCK_WORD) | (1u << AI_BLOCK_BIGRAM) | (1u << AI_BLOCK_CHAR);
    o->char_min = 2;
    o->char_max = 5;
    o->sublinear = 1;
    o->block_weight[AI_BLOCK_WORD] = 1.0f;
    o->block_weight[AI_BLOCK_BIGRAM] = 1.0f;
    o->block_weight[AI_BLOCK_CHAR] = 1.0f;
    o->xchar_min = 3;
    o->xchar_max = 6;
}

void ai_feat_opts_similarity(struct ai_feat_opts *o)
{
    memset(o, 0, sizeof *o);
    o->blocks = 1u << AI_BLOCK_WORD;
    o->sublinear = 1;
    /* Function words carry little of what makes two tickets the same question,
     * and they are the longest postings lists: dropping them keeps search fast. */
    o->stopwords = 1;
    o->block_weight[AI_BLOCK_WORD] = 1.0f;
}

void ai_keys_cleanup(struct ai_keys *k)
{
    free(k->key);
    free(k->count);
    free(k->tmp);
    memset(k, 0, sizeof *k);
}

void ai_svec_cleanup(struct ai_svec *v)
{
    free(v->idx);
    free(v->val);
    memset(v, 0, sizeof *v);
}

int ai_svec_reserve(struct ai_svec *v, size_t n)
{
    /* Two arrays, one capacity: both grow alike from the same cap. */
    size_t icap = v->cap, vcap = v->cap;
    if (VEC_RESERVE(v->idx, icap, n) || VEC_RESERVE(v->val, vcap, n))
        return AI_ENOMEM;
    v->cap = icap;
    return AI_OK;
}

static int push(struct ai_keys *k, unsigned block, uint64_t h)
{
    if (VEC_RESERVE(k->tmp, k->tmp_cap, k->tmp_n + 1))
        return AI_ENOMEM;
    k->tmp[k->tmp_n++] = (h & KEY_MASK) | ((uint64_t)block << 61);
    return AI_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorted (strcmp order) for bsearch. Words as the tokenizer produces them:
 * lower case, apostrophes removed ("dont", "im"). */
static const char *const stopwords[] = {
    "a",     "about", "am",   "an",    "and",  "any",    "are",    "as",     "at",   "be",
    "been",  "being", "but",  "by",    "can",  "could",  "did",    "do",     "does", "doing",
    "dont",  "for",   "from", "had",   "has",  "have",   "having", "he",     "her",  "here",
    "hers",  "him",   "his",  "how",   "i",    "id",     "if",     "ill",    "im",   "in",
    "into",  "is",    "it",   "its",   "ive",  "just",   "me",     "mine",   "my",   "myself",
    "of",    "on",    "or",   "our",   "ours", "please", "she",    "should", "so",   "some",
    "than",  "that",  "the",  "their", "them", "then",   "there",  "these",  "they", "this",
    "those", "to",    "too",  "us",    "very", "was",    "we",     "were",   "what", "when",
    "where", "which", "who",  "whom",  "why",  "will",   "with",   "would",  "you",  "your",
    "yours",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool ai_features_is_stopword(const char *word, size_t len)
{
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return bsearch(buf, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                   cmp_word) != NULL;
}

/* Character n-grams of one word padded as " word ", n in [lo, hi] code points. */
static int char_grams(struct ai_keys *k, const char *w, size_t wlen, unsigned lo, unsigned hi)
{
    char buf[AI_TOK_MAX_CHARS * 4 + 3];
    uint32_t starts[AI_TOK_MAX_CHARS + 3];
    if (wlen > AI_TOK_MAX_CHARS * 4)
        wlen = AI_TOK_MAX_CHARS * 4;
    buf[0] = ' ';
    memcpy(buf + 1, w, wlen);
    buf[wlen + 1] = ' ';
    size_t blen = wlen + 2, nc = 0;
    for (size_t i = 0; i < blen && nc < AI_TOK_MAX_CHARS + 2; i++)
        if (((unsigned char)buf[i] & 0xC0) != 0x80)
            starts[nc++] = (uint32_t)i;
    starts[nc] = (uint32_t)blen;
    for (size_t n = lo; n <= hi; n++) {
        for (size_t s = 0; s + n <= nc; s++) {
            /* A lone boundary (n == 1) says nothing. */
            if (n == 1 && buf[starts[s]] == ' ')
                continue;
            uint64_t h = ai_hash_bytes(buf + starts[s], starts[s + n] - starts[s], SEED_CHAR);
            int rc = push(k, AI_BLOCK_CHAR, h);
            if (rc < 0)
                return rc;
        }
    }
    return AI_OK;
}

/* Character n-grams of the words joined by single spaces, so grams span word
 * boundaries ("my card" -> "y c", "my ca"); the text is padded with a space. */
static int cross_grams(struct ai_keys *k, const struct ai_tokenizer *t, unsigned lo, unsigned hi)
{
    /* Walk the code points of " w1 w2 ... wn " keeping the last hi of them. */
    char win[8 * 4 + 8];
    size_t starts[9], nst = 0, len = 0;
    if (hi > 8)
        hi = 8;
    size_t total = t->ntok ? 1 : 0;
    for (size_t i = 0; i < t->ntok; i++)
        total += t->tok[i].nchars + 1;
    size_t ti = 0, ci = 0;
    const char *p = NULL;
    bool at_space = true;
    for (size_t pos = 0; pos < total; pos++) {
        const char *ch;
        size_t chl;
        if (at_space) {
            ch = " ";
            chl = 1;
            at_space = false;
            if (ti < t->ntok) {
                p = t->words + t->tok[ti].word_off;
                ci = 0;
            }
        } else {
            ch = p;
            chl = 1;
            while ((((unsigned char)p[chl]) & 0xC0) == 0x80)
                chl++;
            p += chl;
            if (++ci == t->tok[ti].nchars) {
                ti++;
                at_space = true;
            }
        }
        /* Slide: keep the last hi code points in win. */
        if (nst == hi) {
            size_t drop = starts[1];
            memmove(win, win + drop, len - drop);
            len -= drop;
            for (size_t j = 1; j < nst; j++)
                starts[j - 1] = starts[j] - drop;
            nst--;
        }
        starts[nst++] = len;
        memcpy(win + len, ch, chl);
        len += chl;
        /* Emit every gram ending here. */
        for (size_t n = lo; n <= hi && n <= nst; n++) {
            size_t from = starts[nst - n];
            if (n == 1 && win[from] == ' ')
                continue;
            int rc = push(k, AI_BLOCK_XCHAR, ai_hash_bytes(win + from, len - from, SEED_XCHAR));
            if (rc < 0)
                return rc;
        }
    }
    return AI_OK;
}

int ai_features_keys(const struct ai_tokenizer *t, const struct ai_feat_opts *o,
                     struct ai_keys *out)
{
    int rc;
    out->n = 0;
    out->tmp_n = 0;
    uint64_t prev = HASH_BOS, prev2 = HASH_BOS;
    for (size_t i = 0; i < t->ntok; i++) {
        const struct ai_token *tk = &t->tok[i];
        uint64_t hs = ai_hash_bytes(t->stems + tk->stem_off, tk->stem_len, SEED_WORD);
        if ((o->blocks & (1u << AI_BLOCK_WORD)) &&
            !(o->stopwords && ai_features_is_stopword(t->words + tk->word_off, tk->word_len)) &&
            (rc = push(out, AI_BLOCK_WORD, hs)) < 0)
            return rc;
        if ((o->blocks & (1u << AI_BLOCK_SURFACE)) &&
            (rc = push(out, AI_BLOCK_SURFACE,
                       ai_hash_bytes(t->words + tk->word_off, tk->word_len, SEED_SURFACE))) < 0)
            return rc;
        if ((o->blocks & (1u << AI_BLOCK_BIGRAM)) &&
            (rc = push(out, AI_BLOCK_BIGRAM, ai_hash_pair(prev, hs))) < 0)
            return rc;
        if ((o->blocks & (1u << AI_BLOCK_TRIGRAM)) &&
            (rc = push(out, AI_BLOCK_TRIGRAM, ai_hash_pair(ai_hash_pair(prev2, prev), hs))) < 0)
            return rc;
        if ((o->blocks & (1u << AI_BLOCK_SKIP)) &&
            (rc = push(out, AI_BLOCK_SKIP, ai_hash_pair(prev2 ^ 0x5c, hs))) < 0)
            return rc;
        prev2 = prev;
        prev = hs;
        if ((o->blocks & (1u << AI_BLOCK_CHAR)) &&
            (rc = char_grams(out, t->words + tk->word_off, tk->word_len, o->char_min,
                             o->char_max)) < 0)
            return rc;
    }
    if (t->ntok && (o->blocks & (1u << AI_BLOCK_BIGRAM)) &&
        (rc = push(out, AI_BLOCK_BIGRAM, ai_hash_pair(prev, HASH_EOS))) < 0)
        return rc;
    if (t->ntok && (o->blocks & (1u << AI_BLOCK_TRIGRAM)) &&
        (rc = push(out, AI_BLOCK_TRIGRAM, ai_hash_pair(ai_hash_pair(prev2, prev), HASH_EOS))) < 0)
        return rc;
    if ((o->blocks & (1u << AI_BLOCK_XCHAR)) &&
        (rc = cross_grams(out, t, o->xchar_min, o->xchar_max)) < 0)
        return rc;
    if (out->tmp_n == 0)
        return AI_OK;
    qsort(out->tmp, out->tmp_n, sizeof *out->tmp, cmp_u64);
    size_t uniq = 1;
    for (size_t i = 1; i < out->tmp_n; i++)
        uniq += out->tmp[i] != out->tmp[i - 1];
    /* Two arrays, one capacity: both grow alike from the same cap. */
    size_t kcap = out->cap, ccap = out->cap;
    if (VEC_RESERVE(out->key, kcap, uniq) || VEC_RESERVE(out->count, ccap, uniq))
        return AI_ENOMEM;
    out->cap = kcap;
    size_t n = 0;
    for (size_t i = 0; i < out->tmp_n; i++) {
        if (n && out->key[n - 1] == out->tmp[i]) {
            out->count[n - 1]++;
        } else {
            out->key[n] = out->tmp[i];
            out->count[n++] = 1;
        }
    }
    out->n = n;
    return AI_OK;
}

float ai_features_idf(uint32_t df, uint32_t ndocs)
{
    return (float)(log((1.0 + ndocs) / (1.0 + df)) + 1.0);
}

static void sort_pairs(uint32_t *idx, float *val, size_t n)
{
    /* Insertion sort: vectors are short (hundreds) and mostly clustered. */
    for (size_t i = 1; i < n; i++) {
        uint32_t ki = idx[i];
        float vi = val[i];
        size_t j = i;
        while (j > 0 && idx[j - 1] > ki) {
            idx[j] = idx[j - 1];
            val[j] = val[j - 1];
            j--;
        }
        idx[j] = ki;
        val[j] = vi;
    }
}

int ai_features_vector(const struct ai_keys *k, const struct ai_vocab *voc, const float *idf,
                       const struct ai_feat_opts *o, int sort, struct ai_svec *out)
{
    out->n = 0;
    int rc = ai_svec_reserve(out, k->n);
    if (rc < 0)
        return rc;
    double norm[AI_NBLOCKS] = {0};
    size_t end[AI_NBLOCKS] = {0}; /* keys are sorted and the block sits in the top bits: */
    size_t n = 0;                 /* each block is one run of the output */
    for (size_t i = 0; i < k->n; i++) {
        uint32_t id = ai_vocab_find(voc, k->key[i]);
        if (id == AI_VOCAB_NONE)
            continue;
        unsigned b = ai_key_block(k->key[i]);
        float tf = o->sublinear ? 1.0f + logf((float)k->count[i]) : (float)k->count[i];
        float w = tf * idf[id];
        out->idx[n] = id;
        out->val[n] = w;
        norm[b] += (double)w * w;
        end[b] = ++n;
    }
    size_t from = 0;
    for (int b = 0; b < AI_NBLOCKS; b++) {
        if (end[b] == 0)
            continue;
        float scale = norm[b] > 0 ? (float)(o->block_weight[b] / sqrt(norm[b])) : 0.0f;
        for (size_t i = from; i < end[b]; i++)
            out->val[i] *= scale;
        from = end[b];
    }
    out->n = n;
    if (sort)
        sort_pairs(out->idx, out->val, n);
    return AI_OK;
}
