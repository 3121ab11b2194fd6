/* test_ai_tokenize: normalisation, splitting, stemming and the size bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdlib.h>
#include <string.h>

#include "ai/features.h"
#include "ai/tokenize.h"

static int setup(void **state)
{
    struct ai_tokenizer *t = malloc(sizeof *t);
    if (!t || ai_tokenizer_init(t) != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    ai_tokenizer_cleanup(*state);
    free(*state);
    return 0;
}

/* Tokenize s and compare the surface words (space-joined) and stems. */
static void check(struct ai_tokenizer *t, const char *s, const char *words, const char *stems)
{
    assert_int_equal(ai_tokenize(t, s, strlen(s)), 0);
    char wb[1024] = "", sb[1024] = "";
    for (size_t i = 0; i < t->ntok; i++) {
        if (i) {
            strcat(wb, " ");
            strcat(sb, " ");
        }
        strcat(wb, ai_token_word(t, i));
        strcat(sb, ai_token_stem(t, i));
    }
    assert_string_equal(wb, words);
    if (stems)
        assert_string_equal(sb, stems);
}

static void test_unicode(void **state)
{
    struct ai_tokenizer *t = *state;
    check(t,
          "\xEF\xBC\xA6\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x97\xEF\xBD\x89\xEF\xBD\x84\xEF"
          "\xBD\x94\xEF\xBD\x88 ABC",
          "fullwidth abc", NULL); /* Ｆｕｌｌｗｉｄｔｈ ABC */
    check(t,
          "Stra\xC3\x9F"
          "e",
          "strasse", NULL);                                   /* Straße */
    check(t, "Caf\xC3\xA9 CR\xC3\x88ME", "cafe creme", NULL); /* accents stripped */
    check(t, "\xEF\xAC\x81le \xE2\x91\xA0", "file 1", NULL);  /* ﬁle ① */
}

static void test_empty_and_separators(void **state)
{
    struct ai_tokenizer *t = *state;
    assert_int_equal(ai_tokenize(t, "", 0), 0);
    assert_int_equal(t->ntok, 0);
    assert_int_equal(ai_tokenize(t, NULL, 10), 0);
    assert_int_equal(t->ntok, 0);
    check(t, "  ?!... ,,, -- ", "", "");
    check(t, "hello,world!how-are_you", "hello world how are you", NULL);
}

static void test_apostrophes(void **state)
{
    struct ai_tokenizer *t = *state;
    check(t, "I don't know", "i dont know", NULL);
    check(t, "my card\xE2\x80\x99s pin", "my cards pin", "my card pin"); /* typographic ’ */
    check(t, "'quoted' words'", "quoted words", NULL);
}

static void test_numbers(void **state)
{
    struct ai_tokenizer *t = *state;
    check(t, "I paid 1,000.50 on 12/05", "i paid 1000.50 on 12 05", NULL);
    check(t,
          "top up \xC2\xA3"
          "50 or $20",
          "top up \xC2\xA3 50 or $ 20", NULL);
    check(t, "version 2.0.", "version 2.0", NULL);
}

static void test_stemming(void **state)
{
    struct ai_tokenizer *t = *state;
    check(t, "Running searches on databases", "running searches on databases",
          "run search on databas");
}

static void test_invalid_utf8(void **state)
{
    struct ai_tokenizer *t = *state;
    const char s[] = "ab\xFF\xFE"
                     "cd\xC3";
    assert_int_equal(ai_tokenize(t, s, sizeof s - 1), 0);
    assert_int_equal(t->ntok, 2);
    assert_string_equal(ai_token_word(t, 0), "ab");
    assert_string_equal(ai_token_word(t, 1), "cd");
    const char nul[] = "one\0two";
    assert_int_equal(ai_tokenize(t, nul, sizeof nul - 1), 0);
    assert_int_equal(t->ntok, 2);
}

static void test_huge_input(void **state)
{
    struct ai_tokenizer *t = *state;
    size_t n = 4 << 20;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 6 == 5) ? ' ' : 'a' + (char)(i % 5);
    s[n] = '\0';
    assert_int_equal(ai_tokenize(t, s, n), 0);
    assert_true(t->ntok > 0);
    assert_true(t->ntok <= AI_TOK_MAX_TOKENS);
    /* One endless word is cut to AI_TOK_MAX_CHARS. */
    memset(s, 'x', n);
    assert_int_equal(ai_tokenize(t, s, n), 0);
    assert_int_equal(t->ntok, 1);
    assert_int_equal(t->tok[0].nchars, AI_TOK_MAX_CHARS);
    free(s);
}

static void test_feature_keys(void **state)
{
    struct ai_tokenizer *t = *state;
    struct ai_feat_opts o;
    ai_feat_opts_classifier(&o);
    struct ai_keys k = {0}, k2 = {0};
    assert_int_equal(ai_tokenize(t, "card card arrival", 17), 0);
    assert_int_equal(ai_features_keys(t, &o, &k), 0);
    assert_true(k.n > 0);
    uint32_t words = 0;
    for (size_t i = 0; i < k.n; i++) {
        if (i)
            assert_true(k.key[i] > k.key[i - 1]); /* sorted, distinct */
        if (ai_key_block(k.key[i]) == AI_BLOCK_WORD) {
            words++;
            assert_true(k.count[i] >= 1);
        }
    }
    assert_int_equal(words, 2); /* "card" (twice) and "arriv" */
    /* Same text, same keys: the hashes are stable. */
    assert_int_equal(ai_tokenize(t, "card card arrival", 17), 0);
    assert_int_equal(ai_features_keys(t, &o, &k2), 0);
    assert_int_equal(k.n, k2.n);
    assert_memory_equal(k.key, k2.key, k.n * sizeof *k.key);
    ai_keys_cleanup(&k);
    ai_keys_cleanup(&k2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unicode),     cmocka_unit_test(test_empty_and_separators),
        cmocka_unit_test(test_apostrophes), cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_stemming),    cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_huge_input),  cmocka_unit_test(test_feature_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
