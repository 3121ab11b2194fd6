/* tokenize: UTF-8 text -> normalised, case-folded, stemmed word tokens (bounded work). */
#ifndef DESKPILOT_AI_TOKENIZE_H
#define DESKPILOT_AI_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

/* Bounds that keep the cost of one call independent of the input size: only
 * the first AI_TOK_MAX_BYTES bytes are read, at most AI_TOK_MAX_TOKENS tokens
 * come out, and a token longer than AI_TOK_MAX_CHARS code points is cut. */
#define AI_TOK_MAX_BYTES 16384
#define AI_TOK_MAX_TOKENS 512
#define AI_TOK_MAX_CHARS 40

struct sb_stemmer;

/* One token: offsets into the tokenizer's word and stem buffers. */
struct ai_token {
    uint32_t word_off, word_len; /* normalised surface form, e.g. "cards" */
    uint32_t stem_off, stem_len; /* English stem, e.g. "card"; == word for numbers */
    uint32_t nchars;             /* code points in the surface form */
};

/* Reusable tokenizer state. Not thread-safe (libstemmer keeps state): one per
 * thread or worker. Results of ai_tokenize are borrowed until the next call. */
struct ai_tokenizer {
    struct sb_stemmer *stemmer;
    char *scratch; /* the input as valid UTF-8 */
    size_t scratch_cap;
    int32_t *cps; /* normalised code points */
    size_t cps_cap;
    char *words; /* surface forms, each NUL-terminated */
    size_t words_len, words_cap;
    char *stems; /* stems, each NUL-terminated */
    size_t stems_len, stems_cap;
    struct ai_token *tok;
    size_t ntok, tok_cap;
};

/* Ready a tokenizer in caller storage. Returns 0, AI_ENOMEM. */
int ai_tokenizer_init(struct ai_tokenizer *t);
/* Release its memory; harmless on a zeroed or cleaned-up tokenizer. */
void ai_tokenizer_cleanup(struct ai_tokenizer *t);

/* Split text[0..len) into tokens. text may be any bytes: invalid UTF-8 is read
 * as separators, NUL included. Normalisation is NFKC + case folding + accent
 * stripping ("Ｆｕｌｌｗｉｄｔｈ" -> "fullwidth", "Straße" -> "strasse",
 * "Café" -> "cafe"). A token is a run of letters and digits; an apostrophe
 * inside a word is dropped ("don't" -> "dont"), a '.' or ',' between digits is
 * kept or dropped ("1.5" stays, "1,000" -> "1000"); a currency sign is a token
 * of its own. Returns 0 (t->ntok may be 0) or AI_ENOMEM. */
int ai_tokenize(struct ai_tokenizer *t, const char *text, size_t len);

/* The surface form / stem of token i (NUL-terminated, borrowed). */
static inline const char *ai_token_word(const struct ai_tokenizer *t, size_t i)
{
    return t->words + t->tok[i].word_off;
}
static inline const char *ai_token_stem(const struct ai_tokenizer *t, size_t i)
{
    return t->stems + t->tok[i].stem_off;
}

#endif
