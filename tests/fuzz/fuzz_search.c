/* fuzz_search: a typed search made into the server's boolean FULLTEXT syntax, and a
 * ticket's text made into index terms. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ai/search_terms.h"
#include "core/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ai_tokenizer fuzz_search_tok;
static int fuzz_search_ready;

/* Only the syntax we build reaches the server: "+term" or "+(term termi)" words,
 * terms of letters, digits, '_' and UTF-8, never an operator the server reads. */
static void fuzz_search_check_match(const char *m, bool staff)
{
    int words = 0;
    for (const char *p = m; *p;) {
        FUZZ_CHECK(*p == '+');
        p++;
        bool group = *p == '(';
        FUZZ_CHECK(group == staff);
        p += group;
        for (int k = 0; k < (group ? 2 : 1); k++) {
            size_t n = 0;
            for (; p[n] && !strchr(" ()", p[n]); n++)
                FUZZ_CHECK(!strchr("+-<>~*\"@'", p[n]));
            FUZZ_CHECK(n >= AI_SEARCH_TERM_MIN && n < AI_SEARCH_TERM_BYTES);
            p += n;
            if (group && k == 0)
                FUZZ_CHECK(*p++ == ' ');
        }
        if (group)
            FUZZ_CHECK(*p++ == ')');
        words++;
        if (*p)
            FUZZ_CHECK(*p++ == ' ');
    }
    FUZZ_CHECK(words <= AI_SEARCH_MAX_WORDS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_search_ready)
        FUZZ_CHECK((fuzz_search_ready = ai_tokenizer_init(&fuzz_search_tok) == 0));
    char *q = fuzz_cstr(data, size);
    for (int staff = 0; staff < 2; staff++) {
        struct buf m;
        struct ai_search_query out;
        buf_init(&m);
        FUZZ_CHECK(ai_search_query(&fuzz_search_tok, q, staff, &m, &out) == 0);
        fuzz_search_check_match(buf_str(&m), staff);
        FUZZ_CHECK(out.nwords >= 0 && out.nwords <= AI_SEARCH_MAX_WORDS && out.ticket_id >= 0);
        buf_cleanup(&m);
    }
    /* The index side: terms separated by single spaces, valid UTF-8 when the input is. */
    struct buf t;
    buf_init(&t);
    FUZZ_CHECK(ai_search_index(&fuzz_search_tok, (const char *)data, size, AI_SEARCH_NOTE, &t) ==
               0);
    FUZZ_CHECK(utf8_valid(buf_str(&t), t.len));
    FUZZ_CHECK(t.len == 0 || buf_str(&t)[t.len - 1] == ' ');
    buf_cleanup(&t);
    free(q);
    return 0;
}
