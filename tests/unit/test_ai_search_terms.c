/* test_ai_search_terms: a ticket's words as index terms, a typed search as the terms
 * that meet them, and a search text as the postings of the index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <stdio.h>
#include <string.h>

#include "ai/search_terms.h"

static struct ai_tokenizer tok;

static int setup(void **state)
{
    (void)state;
    return ai_tokenizer_init(&tok);
}

static int teardown(void **state)
{
    (void)state;
    ai_tokenizer_cleanup(&tok);
    return 0;
}

static void index_is(const char *text, enum ai_search_form form, const char *want)
{
    struct buf b;
    buf_init(&b);
    assert_int_equal(ai_search_index(&tok, text, strlen(text), form, &b), 0);
    assert_string_equal(buf_str(&b), want);
    buf_cleanup(&b);
}

/* The search's terms, space-separated. */
static void query_is(const char *q, const char *want, long long id)
{
    struct buf b;
    struct ai_search_query out;
    buf_init(&b);
    assert_int_equal(ai_search_query(&tok, q, &out), 0);
    for (int i = 0; i < out.nwords; i++)
        buf_printf(&b, "%s%s", i ? " " : "", out.term[i]);
    assert_string_equal(buf_str(&b), want);
    assert_int_equal(out.ticket_id, id);
    buf_cleanup(&b);
}

/* Inflections meet at one stem; short words and server stopwords are padded out of
 * the server's way; function words are left out of text. */
static void test_index(void **state)
{
    (void)state;
    index_is("Refunds for crashes", AI_SEARCH_TEXT, "refund_ crash_ ");
    index_is("refund crash", AI_SEARCH_TEXT, "refund_ crash_ ");
    index_is("My PC at .com costs $5.50", AI_SEARCH_TEXT, "pc__ com_ cost_ 5_50_ ");
    index_is("The PC", AI_SEARCH_NOTE, "pc__i ");
    index_is("Will May", AI_SEARCH_NAME, "will_ may_ ");
    index_is("Café", AI_SEARCH_TEXT, "cafe_ ");
    index_is("", AI_SEARCH_TEXT, "");
}

/* A long text is read whole, not only the tokenizer's first 16 KiB or 512 words. */
static void test_index_long(void **state)
{
    (void)state;
    static char text[60000];
    size_t n = 0, words = 0;
    for (; words < 25000; words++)
        text[n++] = 'x', text[n++] = ' ';
    memcpy(text + n, "zebras", 6);
    n += 6;
    text[n] = '\0';
    struct buf b;
    buf_init(&b);
    assert_int_equal(ai_search_index(&tok, text, n, AI_SEARCH_TEXT, &b), 0);
    assert_non_null(strstr(buf_str(&b), "zebra_ "));
    assert_int_equal(b.len, words * strlen("x___ ") + strlen("zebra_ "));
    buf_cleanup(&b);
}

static void test_email(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    assert_int_equal(ai_search_email("Ann.Lee@Example.com", &b), 0);
    assert_int_equal(ai_search_email("not an address", &b), 0);
    assert_int_equal(ai_search_email(NULL, &b), 0);
    assert_string_equal(buf_str(&b), "ann_lee_example_com_ ");
    buf_cleanup(&b);
}

static void test_query(void **state)
{
    (void)state;
    query_is("refunds", "refund_", 0);
    query_is("Crash", "crash_", 0);
    /* Every word required, each once; function words out unless nothing else. */
    query_is("the refund of the refunds", "refund_", 0);
    query_is("will", "will_", 0);
    /* A ticket number, bare or with '#', comes first; it is a word too. */
    query_is("#1234", "1234_", 1234);
    query_is(" 77 ", "77__", 77);
    query_is("1234 refund", "1234_ refund_", 0);
    /* An address is one term, whatever wraps it. */
    query_is("<Ann.Lee@example.com>,", "ann_lee_example_com_", 0);
    query_is("ann@", "ann_", 0);
    /* What is no word adds nothing; operators never reach the server. */
    query_is("*** -- ()", "", 0);
    query_is("+a* -\"b\" ' OR 1=1; --", "b___ 1___", 0);
    query_is("", "", 0);
}

/* However long the search, at most AI_SEARCH_MAX_WORDS words count. */
static void test_query_bounded(void **state)
{
    (void)state;
    char q[2000];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(q + n, sizeof q - n, "w%d ", i);
    query_is(q, "w0__ w1__ w2__ w3__ w4__ w5__ w6__ w7__", 0);
}

static void postings_are(const char *text, const char *want)
{
    struct arena a;
    struct ai_search_posting *p = NULL;
    int n = -1;
    struct buf b;
    arena_init(&a, 0);
    buf_init(&b);
    assert_int_equal(ai_search_postings(&a, text, strlen(text), &p, &n), 0);
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%.*s:%u/%u", i ? " " : "", (int)p[i].len, p[i].term, p[i].hits,
                   p[i].note_hits);
    assert_string_equal(buf_str(&b), want);
    buf_cleanup(&b);
    arena_cleanup(&a);
}

/* A search text as the index's rows: each term once, in order, counted where the
 * customer reads it and in notes apart (the note mark taken off). */
static void test_postings(void **state)
{
    (void)state;
    postings_are("", "");
    postings_are(" ", "");
    postings_are(" refund_ crash_ refund_ refund_i pc__i ", "crash_:1/0 pc__:0/1 refund_:2/1");
    postings_are(" ab_ abc_ ab_ ", "ab_:2/0 abc_:1/0");
    /* A term written 70,000 times counts up to the column's limit. */
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < 70000; i++)
        buf_puts(&b, "x___ ");
    char want[32];
    snprintf(want, sizeof want, "x___:%u/0", AI_SEARCH_HITS_MAX);
    postings_are(buf_str(&b), want);
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index),         cmocka_unit_test(test_index_long),
        cmocka_unit_test(test_email),         cmocka_unit_test(test_query),
        cmocka_unit_test(test_query_bounded), cmocka_unit_test(test_postings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
