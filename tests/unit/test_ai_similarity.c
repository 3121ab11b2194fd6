/* test_ai_similarity: the ticket index, its exact top-k search and the delta segment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ai/delta.h"
#include "ai/rng.h"
#include "ai/session.h"
#include "ai/simindex.h"

static const char *const docs[] = {
    "My card has not arrived after two weeks",
    "How do I reset my password",
    "I was charged twice for the same payment",
    "The exchange rate on my card payment was wrong",
    "My card has not arrived",
    "Refund for a cancelled order",
};
#define NDOCS (sizeof docs / sizeof docs[0])

static void search(const struct ai_simindex *ix, struct ai_session *s, const char *q, size_t k,
                   float min, struct ai_sim_hit *hits, size_t *n)
{
    struct ai_sim_query sq;
    assert_int_equal(ai_simindex_query(ix, s, q, strlen(q), &sq), 0);
    assert_int_equal(ai_simindex_search(ix, s, &sq, k, min, hits, n), 0);
}

static void test_duplicate_first(void **state)
{
    (void)state;
    struct ai_session *s;
    struct ai_simindex ix;
    assert_int_equal(ai_session_new(&s), 0);
    assert_int_equal(ai_simindex_build(s, docs, NDOCS, &ix), 0);
    for (size_t d = 0; d < NDOCS; d++) {
        struct ai_sim_hit hits[3];
        size_t n;
        search(&ix, s, docs[d], 3, 0, hits, &n);
        assert_true(n >= 1);
        assert_int_equal(hits[0].doc, d);
        assert_true(hits[0].score > 0.999f && hits[0].score <= 1.0f);
        for (size_t i = 0; i < n; i++) {
            assert_true(hits[i].score >= 0 && hits[i].score <= 1);
            if (i)
                assert_true(hits[i].score <= hits[i - 1].score);
        }
    }
    struct ai_sim_hit hits[6];
    size_t n;
    search(&ix, s, "my card never arrived", 6, 0, hits, &n);
    assert_true(n >= 2);
    assert_true(hits[0].doc == 4 || hits[0].doc == 0);
    search(&ix, s, "my card never arrived", 6, 0.99f, hits, &n);
    assert_int_equal(n, 0); /* min_score filters */
    search(&ix, s, "zebra xylophone", 6, 0, hits, &n);
    assert_int_equal(n, 0);
    search(&ix, s, "", 6, 0, hits, &n);
    assert_int_equal(n, 0);
    ai_simindex_cleanup(&ix);
    ai_session_free(s);
}

/* The pruned search must return what scoring every document would. */
static void test_exact_against_brute_force(void **state)
{
    (void)state;
    static const char *words[] = {
        "card",    "payment", "refund",   "transfer", "top",      "up",   "account",
        "pin",     "atm",     "cash",     "fee",      "charge",   "my",   "the",
        "i",       "is",      "not",      "why",      "how",      "rate", "exchange",
        "blocked", "pending", "declined", "verify",   "identity", "app",  "limit"};
    enum { ND = 3000 };
    const size_t nw = sizeof words / sizeof words[0];
    char **texts = calloc(ND, sizeof *texts);
    assert_non_null(texts);
    struct ai_rng r;
    ai_rng_seed(&r, 3);
    for (size_t d = 0; d < ND; d++) {
        char buf[512] = "";
        size_t len = 3 + ai_rng_below(&r, 10);
        for (size_t i = 0; i < len; i++) {
            /* Skewed: low word numbers are common. */
            uint32_t w = ai_rng_below(&r, (uint32_t)nw);
            w = ai_rng_below(&r, w + 1);
            strcat(buf, words[w]);
            strcat(buf, " ");
        }
        texts[d] = strdup(buf);
        assert_non_null(texts[d]);
    }
    struct ai_session *s;
    struct ai_simindex ix;
    assert_int_equal(ai_session_new(&s), 0);
    assert_int_equal(ai_simindex_build(s, (const char *const *)texts, ND, &ix), 0);
    for (int qn = 0; qn < 50; qn++) {
        const char *q = texts[ai_rng_below(&r, ND)];
        struct ai_sim_hit fast[5], all[ND];
        size_t nf, na;
        search(&ix, s, q, 5, 0, fast, &nf);
        /* Brute force through the same search with k covering every document. */
        struct ai_sim_query sq;
        assert_int_equal(ai_simindex_query(&ix, s, q, strlen(q), &sq), 0);
        /* Score each document directly from the postings. */
        float *score = calloc(ND, sizeof *score);
        assert_non_null(score);
        for (size_t i = 0; i < sq.n; i++) {
            if (sq.term[i] == UINT32_MAX)
                continue;
            for (uint64_t p = ix.off[(size_t)sq.term[i] * AI_SIM_TIERS];
                 p < ix.off[((size_t)sq.term[i] + 1) * AI_SIM_TIERS]; p++)
                score[ix.doc[p]] += sq.q[i] * (ix.w[p] / AI_SIM_WSCALE);
        }
        na = 0;
        for (size_t d = 0; d < ND; d++)
            if (score[d] > 0) /* the search clamps quantisation overshoot to 1 */
                all[na++] = (struct ai_sim_hit){(uint32_t)d, score[d] > 1.0f ? 1.0f : score[d]};
        free(score);
        assert_true(nf == (na < 5 ? na : 5));
        /* The k-th best brute-force score equals the fast one (ties may swap documents). */
        for (size_t i = 0; i < nf; i++) {
            size_t better = 0;
            for (size_t j = 0; j < na; j++)
                if (all[j].score > fast[i].score + 1e-5f)
                    better++;
            assert_true(better <= i);
        }
    }
    for (size_t d = 0; d < ND; d++)
        free(texts[d]);
    free(texts);
    ai_simindex_cleanup(&ix);
    ai_session_free(s);
}

static void test_delta(void **state)
{
    (void)state;
    struct ai_session *s;
    struct ai_simindex ix;
    struct ai_delta *d;
    assert_int_equal(ai_session_new(&s), 0);
    assert_int_equal(ai_simindex_build(s, docs, NDOCS, &ix), 0);
    assert_int_equal(ai_delta_new(&d), 0);
    const char *q = "apple pay stopped working on my phone";
    struct ai_sim_query sq;
    struct ai_delta_hit hits[4];
    size_t n;
    assert_int_equal(ai_simindex_query(&ix, s, q, strlen(q), &sq), 0);
    assert_int_equal(ai_delta_search(d, &ix, s, &sq, 4, 0, hits, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ai_delta_add(d, s, 100, "Apple Pay stopped working on my phone", "apple_pay",
                                  "Re-add the card.", true),
                     0);
    assert_int_equal(
        ai_delta_add(d, s, 101, "my card has not arrived", "card_arrival", NULL, false), 0);
    assert_int_equal(ai_delta_count(d), 2);
    assert_int_equal(ai_simindex_query(&ix, s, q, strlen(q), &sq), 0);
    assert_int_equal(ai_delta_search(d, &ix, s, &sq, 4, 0, hits, &n), 0);
    assert_int_equal(n, 1); /* 101 shares only "my", a stopword */
    assert_int_equal(ai_delta_id(d, hits[0].item), 100);
    assert_true(hits[0].score > 0.999f && hits[0].score <= 1.0f);
    assert_string_equal(ai_delta_intent(d, hits[0].item), "apple_pay");
    assert_string_equal(ai_delta_solution(d, hits[0].item), "Re-add the card.");
    assert_true(ai_delta_reusable(d, hits[0].item));
    /* Re-adding an id replaces it. */
    assert_int_equal(ai_delta_add(d, s, 100, "completely different words here", NULL, NULL, false),
                     0);
    assert_int_equal(ai_simindex_query(&ix, s, q, strlen(q), &sq), 0);
    assert_int_equal(ai_delta_search(d, &ix, s, &sq, 4, 0.5f, hits, &n), 0);
    assert_int_equal(n, 0);
    ai_delta_clear(d);
    assert_int_equal(ai_delta_count(d), 0);
    assert_int_equal(ai_delta_add(d, s, 7, "refund please", NULL, "ok", true), 0);
    assert_int_equal(ai_delta_count(d), 1);
    ai_delta_free(d);
    ai_delta_free(NULL);
    ai_simindex_cleanup(&ix);
    ai_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicate_first),
        cmocka_unit_test(test_exact_against_brute_force),
        cmocka_unit_test(test_delta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
