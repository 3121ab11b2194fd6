/* fuzz_search: a typed search made into its terms, a ticket's text made into index
 * terms, and those made into the index's postings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ai/search_terms.h"
#include "core/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ai_tokenizer fuzz_search_tok;
static int fuzz_search_ready;

/* A search's terms: distinct, in the plain form (ending in '_'), of a bounded length,
 * no space in them (a text holds " term "), valid UTF-8 when the search is (the API
 * refuses any other). */
static void fuzz_search_check_query(const struct ai_search_query *q, bool valid)
{
    FUZZ_CHECK(q->nwords >= 0 && q->nwords <= AI_SEARCH_MAX_WORDS && q->ticket_id >= 0);
    for (int i = 0; i < q->nwords; i++) {
        size_t n = strlen(q->term[i]);
        FUZZ_CHECK(n >= AI_SEARCH_TERM_MIN && n < AI_SEARCH_TERM_BYTES);
        FUZZ_CHECK(q->term[i][n - 1] == '_' && !strchr(q->term[i], ' '));
        FUZZ_CHECK(!valid || utf8_valid(q->term[i], n));
        for (int k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(q->term[i], q->term[k]) != 0);
    }
}

/* The postings of a text: sorted, each term once, every term of the text counted. */
static void fuzz_search_check_postings(const char *text, size_t len)
{
    struct arena a;
    struct ai_search_posting *p = NULL;
    int n = 0;
    arena_init(&a, 0);
    FUZZ_CHECK(ai_search_postings(&a, text, len, &p, &n) == 0);
    size_t terms = 0, counted = 0;
    for (size_t i = 0; i < len; i++)
        terms += text[i] != ' ' && (i == 0 || text[i - 1] == ' ');
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(p[i].len > 0 && p[i].hits + p[i].note_hits > 0);
        FUZZ_CHECK(!memchr(p[i].term, ' ', p[i].len));
        if (i > 0) {
            size_t m = p[i].len < p[i - 1].len ? p[i].len : p[i - 1].len;
            int c = memcmp(p[i - 1].term, p[i].term, m);
            FUZZ_CHECK(c < 0 || (c == 0 && p[i - 1].len < p[i].len));
        }
        counted += p[i].hits + p[i].note_hits;
    }
    FUZZ_CHECK(counted == terms); /* no cap is reached by a fuzzer's input */
    arena_cleanup(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_search_ready)
        FUZZ_CHECK((fuzz_search_ready = ai_tokenizer_init(&fuzz_search_tok) == 0));
    char *q = fuzz_cstr(data, size);
    struct ai_search_query out;
    FUZZ_CHECK(ai_search_query(&fuzz_search_tok, q, &out) == 0);
    fuzz_search_check_query(&out, utf8_valid(q, strlen(q)));
    /* The index side: terms separated by single spaces, valid UTF-8 when the input is. */
    struct buf t;
    buf_init(&t);
    FUZZ_CHECK(ai_search_index(&fuzz_search_tok, (const char *)data, size, AI_SEARCH_NOTE, &t) ==
               0);
    FUZZ_CHECK(utf8_valid(buf_str(&t), t.len));
    FUZZ_CHECK(t.len == 0 || buf_str(&t)[t.len - 1] == ' ');
    fuzz_search_check_postings(buf_str(&t), t.len);
    fuzz_search_check_postings(q, strlen(q)); /* and any text at all */
    buf_cleanup(&t);
    free(q);
    return 0;
}
