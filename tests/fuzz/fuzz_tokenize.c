/* fuzz_tokenize: the tokenizer and the feature keys every AI query is built from. */
#include <stdint.h>
#include <string.h>

#include "ai/features.h"
#include "ai/session.h"
#include "ai/tokenize.h"
#include "core/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ai_session *fuzz_tok_session;

static void fuzz_tok_check(const struct ai_tokenizer *t)
{
    FUZZ_CHECK(t->ntok <= AI_TOK_MAX_TOKENS);
    for (size_t i = 0; i < t->ntok; i++) {
        const char *w = ai_token_word(t, i), *st = ai_token_stem(t, i);
        FUZZ_CHECK(t->tok[i].word_off + t->tok[i].word_len < t->words_len + 1);
        FUZZ_CHECK(t->tok[i].stem_off + t->tok[i].stem_len < t->stems_len + 1);
        FUZZ_CHECK(strlen(w) == t->tok[i].word_len && strlen(st) == t->tok[i].stem_len);
        FUZZ_CHECK(t->tok[i].word_len > 0);
        FUZZ_CHECK(utf8_valid(w, t->tok[i].word_len));
        FUZZ_CHECK(t->tok[i].nchars >= 1 && t->tok[i].nchars <= AI_TOK_MAX_CHARS);
        FUZZ_CHECK(utf8_chars(w, t->tok[i].word_len) == t->tok[i].nchars);
    }
}

static void fuzz_tok_keys(const struct ai_keys *k)
{
    for (size_t i = 1; i < k->n; i++)
        FUZZ_CHECK(k->key[i - 1] < k->key[i]); /* sorted and distinct */
    for (size_t i = 0; i < k->n; i++)
        FUZZ_CHECK(k->count[i] >= 1 && ai_key_block(k->key[i]) < AI_NBLOCKS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_tok_session)
        FUZZ_CHECK(ai_session_new(&fuzz_tok_session) == 0);
    struct ai_session *s = fuzz_tok_session;
    struct ai_feat_opts o;

    ai_feat_opts_classifier(&o);
    FUZZ_CHECK(ai_session_keys(s, (const char *)data, size, &o) == 0);
    fuzz_tok_check(&s->tok);
    fuzz_tok_keys(&s->keys);
    size_t ntok = s->tok.ntok;

    ai_feat_opts_similarity(&o);
    FUZZ_CHECK(ai_session_keys(s, (const char *)data, size, &o) == 0);
    FUZZ_CHECK(s->tok.ntok == ntok); /* same text, same tokens */
    fuzz_tok_keys(&s->keys);

    /* Every block and n-gram length at once, including the cross-word ones. */
    memset(&o, 0, sizeof o);
    o.blocks = (1u << AI_NBLOCKS) - 1;
    o.char_min = 1;
    o.char_max = 8;
    o.xchar_min = 1;
    o.xchar_max = 8;
    o.sublinear = 1;
    for (int b = 0; b < AI_NBLOCKS; b++)
        o.block_weight[b] = 1.0f;
    FUZZ_CHECK(ai_session_keys(s, (const char *)data, size, &o) == 0);
    fuzz_tok_keys(&s->keys);
    return 0;
}
