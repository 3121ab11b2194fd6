/* test_ai_classifier: training on a small fixed set, determinism, calibration, metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/calibrate.h"
#include "ai/classifier.h"
#include "ai/metrics.h"
#include "ai/session.h"
#include "ai/status.h"

/* Three intents, eight phrasings each. */
static const char *const texts[] = {
    "where is my new card",
    "my card has not arrived yet",
    "when will my card arrive",
    "card still not delivered",
    "i am waiting for my card",
    "how long until the card arrives",
    "the card never came in the post",
    "track my card delivery",
    "i forgot my password",
    "reset my password please",
    "cannot log in password wrong",
    "how do i change my password",
    "password reset link not working",
    "locked out need new password",
    "i lost my login password",
    "update my account password",
    "refund for my order",
    "i want my money back",
    "how do i get a refund",
    "refund has not been paid",
    "request a refund for a purchase",
    "money back for a cancelled order",
    "when will the refund arrive",
    "refund status please",
};
static const uint32_t labels[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
                                  1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2};
#define N (sizeof labels / sizeof labels[0])

static void small_opts(struct ai_train_opts *o)
{
    ai_train_opts_default(o);
    o->epochs = 30;
    o->calib_frac = 0.25f;
}

static void test_train_and_predict(void **state)
{
    (void)state;
    struct ai_train_opts o;
    small_opts(&o);
    struct ai_classifier c;
    struct ai_train_report rep;
    assert_int_equal(ai_classifier_train(texts, labels, N, 3, &o, &c, &rep), 0);
    assert_true(rep.nfeat > 50);
    assert_int_equal(rep.calib_n, 6);
    assert_true(rep.temperature > 0);
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct {
        const char *q;
        uint32_t want;
    } cases[] = {{"my card did not arrive", 0},
                 {"I need to reset the password", 1},
                 {"give me a refund", 2}};
    for (size_t i = 0; i < 3; i++) {
        struct ai_class_prob top[3];
        size_t n;
        assert_int_equal(ai_classifier_top(&c, s, cases[i].q, strlen(cases[i].q), top, 3, &n), 0);
        assert_int_equal(n, 3);
        assert_int_equal(top[0].label, cases[i].want);
        assert_true(top[0].prob >= top[1].prob && top[1].prob >= top[2].prob);
        float sum = top[0].prob + top[1].prob + top[2].prob;
        assert_true(fabsf(sum - 1.0f) < 1e-4f);
    }
    ai_session_free(s);
    ai_classifier_cleanup(&c);
}

static void test_deterministic(void **state)
{
    (void)state;
    struct ai_train_opts o;
    small_opts(&o);
    struct ai_classifier a, b, d;
    assert_int_equal(ai_classifier_train(texts, labels, N, 3, &o, &a, NULL), 0);
    assert_int_equal(ai_classifier_train(texts, labels, N, 3, &o, &b, NULL), 0);
    o.seed = 7;
    assert_int_equal(ai_classifier_train(texts, labels, N, 3, &o, &d, NULL), 0);
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    const char *q = "where is my refund card";
    struct ai_class_prob pa[3], pb[3], pd[3];
    size_t n;
    assert_int_equal(ai_classifier_top(&a, s, q, strlen(q), pa, 3, &n), 0);
    assert_int_equal(ai_classifier_top(&b, s, q, strlen(q), pb, 3, &n), 0);
    assert_int_equal(ai_classifier_top(&d, s, q, strlen(q), pd, 3, &n), 0);
    assert_memory_equal(pa, pb, sizeof pa); /* same seed: same probabilities, bit for bit */
    assert_int_equal(a.nfeat, b.nfeat);
    assert_memory_equal(a.weights, b.weights, (size_t)a.nfeat * a.stride * sizeof(float));
    assert_true(memcmp(a.weights, d.weights, (size_t)a.nfeat * a.stride * sizeof(float)) != 0);
    ai_session_free(s);
    ai_classifier_cleanup(&a);
    ai_classifier_cleanup(&b);
    ai_classifier_cleanup(&d);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct ai_train_opts o;
    small_opts(&o);
    struct ai_classifier c;
    uint32_t bad[N];
    memcpy(bad, labels, sizeof bad);
    bad[3] = 9;
    assert_int_equal(ai_classifier_train(texts, bad, N, 3, &o, &c, NULL), AI_EINVAL);
    assert_int_equal(ai_classifier_train(texts, labels, 1, 3, &o, &c, NULL), AI_ENODATA);
    assert_int_equal(ai_classifier_train(texts, labels, N, 1, &o, &c, NULL), AI_EINVAL);
    o.epochs = 0;
    assert_int_equal(ai_classifier_train(texts, labels, N, 3, &o, &c, NULL), AI_EINVAL);
    ai_classifier_cleanup(&c); /* harmless on the zeroed result */
}

/* Scores twice as sharp as the truth: the fitted temperature undoes it and the NLL drops. */
static void test_temperature_fit(void **state)
{
    (void)state;
    enum { R = 2000, C = 4 };
    float *sc = malloc(R * C * sizeof *sc);
    uint32_t *y = malloc(R * sizeof *y);
    assert_non_null(sc);
    assert_non_null(y);
    uint64_t x = 12345;
    for (size_t r = 0; r < R; r++) {
        /* True model: softmax of (2, 0, 0, 0); we report 3x those logits. */
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(x >> 11) / 9007199254740992.0;
        double p0 = exp(2.0) / (exp(2.0) + 3.0);
        uint32_t lab = u < p0 ? 0 : 1 + (uint32_t)((u - p0) / ((1 - p0) / 3.0));
        y[r] = lab > 3 ? 3 : lab;
        sc[r * C + 0] = 6.0f;
        sc[r * C + 1] = sc[r * C + 2] = sc[r * C + 3] = 0.0f;
    }
    double t = ai_calib_fit_temperature(sc, C, C, y, R);
    assert_true(t > 2.5 && t < 3.5);
    assert_true(ai_calib_nll(sc, C, C, y, R, t) < ai_calib_nll(sc, C, C, y, R, 1.0) - 0.1);
    free(sc);
    free(y);
}

static void test_metrics(void **state)
{
    (void)state;
    /* 4 in scope (3 right) + 1 out of scope that would be auto-resolved. */
    struct ai_metric_row rows[] = {
        {0, 0, 0.95f, false}, {1, 1, 0.90f, false}, {1, 0, 0.80f, false},
        {2, 2, 0.40f, false}, {0, 1, 0.85f, true},
    };
    struct ai_metrics m;
    assert_int_equal(ai_metrics_compute(rows, 5, 3, 0.75, &m), 0);
    assert_true(fabs(m.accuracy - 0.75) < 1e-9);
    assert_true(fabs(m.coverage - 0.8) < 1e-9);  /* 4 of 5 at >= 0.75 */
    assert_true(fabs(m.precision - 0.5) < 1e-9); /* 2 right of 4 (the oos one counts wrong) */
    assert_true(fabs(m.oos_false_accept - 1.0) < 1e-9);
    assert_true(fabs(m.coverage_at[0] - 0.4) < 1e-9); /* top two are right: 2/5 at precision 1 */
    /* macro-F1: class 0 tp1 fp1 fn0 -> 2/3; class 1 tp1 fn1 -> 2/3; class 2 -> 1. */
    assert_true(fabs(m.macro_f1 - (2.0 / 3 + 2.0 / 3 + 1.0) / 3) < 1e-9);
    float conf[] = {0.9f, 0.9f, 0.1f};
    uint8_t ok[] = {1, 0, 0};
    /* bin 13: mean conf 0.9, acc 0.5 -> 0.4 * 2/3; bin 1: 0.1 vs 0 -> 0.1 * 1/3 */
    assert_true(fabs(ai_calib_ece(conf, ok, 3, 15) - (0.4 * 2 / 3 + 0.1 / 3)) < 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_and_predict), cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_input),         cmocka_unit_test(test_temperature_fit),
        cmocka_unit_test(test_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
