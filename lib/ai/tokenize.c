/* tokenize: normalisation (utf8proc), word splitting and stemming (libstemmer). */
#include "ai/tokenize.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ai/status.h"
#include "core/vec.h"

/* NFKC, case folding, accents stripped, typographic quotes and dashes lumped
 * to ASCII, default-ignorable characters (zero-width joiners...) dropped. */
#define NORM_FLAGS                                                                                 \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |                    \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_LUMP)

int ai_tokenizer_init(struct ai_tokenizer *t)
{
    memset(t, 0, sizeof *t);
    t->stemmer = sb_stemmer_new("english", "UTF_8");
    if (!t->stemmer)
        return AI_ENOMEM;
    return AI_OK;
}

void ai_tokenizer_cleanup(struct ai_tokenizer *t)
{
    if (t->stemmer)
        sb_stemmer_delete(t->stemmer);
    free(t->scratch);
    free(t->cps);
    free(t->words);
    free(t->stems);
    free(t->tok);
    memset(t, 0, sizeof *t);
}

/* Copy text into t->scratch as valid UTF-8, invalid bytes (and NUL) read as
 * spaces, so utf8proc never refuses it. Bounded by AI_TOK_MAX_BYTES, cut at a
 * character boundary. Returns the byte length or a negative status. */
static long sanitise(struct ai_tokenizer *t, const char *text, size_t len)
{
    if (len > AI_TOK_MAX_BYTES)
        len = AI_TOK_MAX_BYTES;
    if (VEC_RESERVE(t->scratch, t->scratch_cap, len + 1))
        return AI_ENOMEM;
    size_t i = 0, o = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp == 0) {
            t->scratch[o++] = ' ';
            i++;
            continue;
        }
        memcpy(t->scratch + o, text + i, (size_t)k);
        o += (size_t)k;
        i += (size_t)k;
    }
    t->scratch[o] = '\0';
    return (long)o;
}

/* Normalise into t->cps; returns the number of code points or a negative status. */
static long normalise(struct ai_tokenizer *t, const char *text, size_t len)
{
    long blen = sanitise(t, text, len);
    if (blen <= 0)
        return blen;
    if (VEC_RESERVE(t->cps, t->cps_cap, (size_t)blen + 16))
        return AI_ENOMEM;
    for (;;) {
        /* Decomposition can grow text ("ﬃ" -> "ffi"): utf8proc says how much room it needs. */
        utf8proc_ssize_t n =
            utf8proc_decompose_custom((const utf8proc_uint8_t *)t->scratch, blen, t->cps,
                                      (utf8proc_ssize_t)t->cps_cap, NORM_FLAGS, NULL, NULL);
        if (n < 0)
            return 0; /* cannot happen on sanitised input; read as empty rather than fail */
        if ((size_t)n <= t->cps_cap) {
            n = utf8proc_normalize_utf32(t->cps, n, NORM_FLAGS);
            return n < 0 ? 0 : (long)n;
        }
        if (VEC_RESERVE(t->cps, t->cps_cap, (size_t)n))
            return AI_ENOMEM;
    }
}

enum cls { C_SEP, C_WORD, C_DIGIT, C_APOS, C_NUMSEP, C_CURRENCY };

static enum cls classify(int32_t cp)
{
    if (cp < 128) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return C_WORD;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '\'')
            return C_APOS;
        if (cp == '.' || cp == ',')
            return C_NUMSEP;
        if (cp == '$')
            return C_CURRENCY;
        return C_SEP;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_WORD;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_SC:
        return C_CURRENCY;
    default:
        return C_SEP;
    }
}

static int put_bytes(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (VEC_RESERVE(*buf, *cap, *len + n + 1))
        return AI_ENOMEM;
    memcpy(*buf + *len, s, n);
    (*buf)[*len + n] = '\0';
    *len += n + 1;
    return AI_OK;
}

/* Append the token made of cps[0..n) (already filtered) with its stem. */
static int emit(struct ai_tokenizer *t, const int32_t *cps, size_t n, bool has_letter)
{
    char tmp[AI_TOK_MAX_CHARS * 4 + 1];
    size_t b = 0;
    for (size_t i = 0; i < n; i++)
        b += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)tmp + b);
    if (VEC_RESERVE(t->tok, t->tok_cap, t->ntok + 1))
        return AI_ENOMEM;
    struct ai_token *k = &t->tok[t->ntok];
    k->word_off = (uint32_t)t->words_len;
    k->word_len = (uint32_t)b;
    k->nchars = (uint32_t)n;
    if (put_bytes(&t->words, &t->words_len, &t->words_cap, tmp, b) < 0)
        return AI_ENOMEM;
    const char *stem = tmp;
    size_t slen = b;
    if (has_letter) {
        const sb_symbol *s = sb_stemmer_stem(t->stemmer, (const sb_symbol *)tmp, (int)b);
        if (!s)
            return AI_ENOMEM;
        stem = (const char *)s;
        slen = (size_t)sb_stemmer_length(t->stemmer);
    }
    k->stem_off = (uint32_t)t->stems_len;
    k->stem_len = (uint32_t)slen;
    if (put_bytes(&t->stems, &t->stems_len, &t->stems_cap, stem, slen) < 0)
        return AI_ENOMEM;
    t->ntok++;
    return AI_OK;
}

int ai_tokenize(struct ai_tokenizer *t, const char *text, size_t len)
{
    t->ntok = 0;
    t->words_len = 0;
    t->stems_len = 0;
    if (!text)
        len = 0;
    long n = normalise(t, text ? text : "", len);
    if (n < 0)
        return (int)n;
    int32_t cur[AI_TOK_MAX_CHARS];
    size_t ncur = 0;
    bool in_tok = false, has_letter = false;
    for (long i = 0; i <= n && t->ntok < AI_TOK_MAX_TOKENS; i++) {
        int32_t cp = i < n ? t->cps[i] : ' ';
        enum cls c = classify(cp);
        if (c == C_WORD || c == C_DIGIT) {
            if (!in_tok) {
                in_tok = true;
                has_letter = false;
                ncur = 0;
            }
            if (ncur < AI_TOK_MAX_CHARS)
                cur[ncur++] = cp;
            has_letter |= (c == C_WORD);
            continue;
        }
        if (in_tok && i + 1 < n) {
            enum cls prev = classify(t->cps[i - 1]);
            enum cls next = classify(t->cps[i + 1]);
            /* "don't" -> "dont": the apostrophe joins the word around it. */
            if (c == C_APOS && prev == C_WORD && next == C_WORD)
                continue;
            /* "1,000" -> "1000", "1.5" stays "1.5". */
            if (c == C_NUMSEP && prev == C_DIGIT && next == C_DIGIT) {
                if (cp == '.' && ncur < AI_TOK_MAX_CHARS)
                    cur[ncur++] = cp;
                continue;
            }
        }
        if (in_tok) {
            int rc = emit(t, cur, ncur, has_letter);
            if (rc < 0)
                return rc;
            in_tok = false;
        }
        if (c == C_CURRENCY && t->ntok < AI_TOK_MAX_TOKENS) {
            int rc = emit(t, &cp, 1, false);
            if (rc < 0)
                return rc;
        }
    }
    return AI_OK;
}
