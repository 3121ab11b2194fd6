/* test_ai_oos: the out-of-scope-aware confidence's parts on small fixed data --
 * signals, the logistic second stage, exemplars, the fold plan, intent
 * attraction, the precision curve and threshold picker, the report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/classifier.h"
#include "ai/crossval.h"
#include "ai/curve.h"
#include "ai/exemplar.h"
#include "ai/oos.h"
#include "ai/report.h"
#include "ai/session.h"
#include "ai/status.h"

static void test_score_signals(void **state)
{
    (void)state;
    struct ai_oos_signals s;
    memset(&s, 0, sizeof s);
    const float z[4] = {1, 3, 0, 0};
    assert_int_equal(ai_oos_score_signals(z, 4, &s), 1);
    double p1 = exp(3) / (exp(1) + exp(3) + 2);
    assert_float_equal(s.v[AI_SIG_LOGIT], log(p1 / (1 - p1)), 1e-4);
    assert_float_equal(s.v[AI_SIG_MARGIN], 2, 1e-6);
    assert_float_equal(s.v[AI_SIG_TOP], 3, 1e-6);
    assert_true(s.v[AI_SIG_ENTROPY] > 0 && s.v[AI_SIG_ENTROPY] < 1);
    /* Equal scores: no margin, the largest entropy. */
    const float flat[3] = {0.5f, 0.5f, 0.5f};
    ai_oos_score_signals(flat, 3, &s);
    assert_float_equal(s.v[AI_SIG_MARGIN], 0, 1e-6);
    assert_float_equal(s.v[AI_SIG_ENTROPY], 1, 1e-5);
    /* A certain prediction: the logit is clipped, not infinite. */
    const float sure[2] = {200, -200};
    ai_oos_score_signals(sure, 2, &s);
    assert_float_equal(s.v[AI_SIG_LOGIT], 20, 1e-6);
    assert_float_equal(s.v[AI_SIG_ENTROPY], 0, 1e-6);
}

/* Rows whose chance of being right rises with the logit signal and falls with UNSEEN. */
static size_t synthetic(struct ai_oos_signals *x, uint8_t *y, float *w, size_t n)
{
    uint64_t r = 12345;
    for (size_t i = 0; i < n; i++) {
        memset(&x[i], 0, sizeof x[i]);
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(r >> 11) / 9007199254740992.0;
        x[i].v[AI_SIG_LOGIT] = (float)(i % 41) / 4.0f - 5.0f;
        x[i].v[AI_SIG_UNSEEN] = (float)(i % 7) / 7.0f;
        double t = 1.2 * x[i].v[AI_SIG_LOGIT] - 2.0 * x[i].v[AI_SIG_UNSEEN];
        y[i] = u < 1.0 / (1.0 + exp(-t));
        w[i] = i % 3 == 0 ? 2.0f : 1.0f;
    }
    return n;
}

static void test_calibrator(void **state)
{
    (void)state;
    enum { N = 4000 };
    struct ai_oos_signals *x = malloc(N * sizeof *x);
    uint8_t *y = malloc(N);
    float *w = malloc(N * sizeof *w);
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(w);
    synthetic(x, y, w, N);
    struct ai_oos_calib c;
    assert_int_equal(ai_oos_fit(x, y, w, N, &c), 0);
    assert_true(c.fitted);
    assert_true(ai_oos_calib_valid(&c));
    /* The directions it learned are the true ones... */
    assert_true(c.w[AI_SIG_LOGIT] > 0);
    assert_true(c.w[AI_SIG_UNSEEN] < 0);
    /* ...and, as a logistic fit does, its weighted mean matches the weighted outcome. */
    double py = 0, pp = 0, ws = 0;
    for (size_t i = 0; i < N; i++) {
        py += w[i] * y[i];
        pp += w[i] * ai_oos_prob(&c, &x[i]);
        ws += w[i];
    }
    assert_float_equal(py / ws, pp / ws, 0.01);
    /* Monotone in the signal it trusts; always inside [0.001, 0.999]. */
    struct ai_oos_signals a = x[0], b = x[0];
    a.v[AI_SIG_LOGIT] = -100;
    b.v[AI_SIG_LOGIT] = 100;
    assert_float_equal(ai_oos_prob(&c, &a), 0.001f, 1e-6);
    assert_float_equal(ai_oos_prob(&c, &b), 0.999f, 1e-6);
    /* All of one kind: nothing to learn, the softmax's probability stays. */
    memset(y, 1, N);
    assert_int_equal(ai_oos_fit(x, y, NULL, N, &c), AI_ENODATA);
    assert_false(c.fitted);
    struct ai_oos_signals one;
    memset(&one, 0, sizeof one);
    assert_float_equal(ai_oos_prob(&c, &one), 0.5f, 1e-6);
    /* A stored calibrator with a broken field is refused. */
    assert_int_equal(ai_oos_fit(x, (uint8_t[2]){0, 1}, NULL, 2, &c), 0);
    c.scale[2] = 0;
    assert_false(ai_oos_calib_valid(&c));
    free(x);
    free(y);
    free(w);
}

static const char *const ex_texts[] = {
    "where is my new card", "my card has not arrived",  "card delivery is late",   /* 0 */
    "i forgot my password", "reset my password please", "password does not work",  /* 1 */
    "refund my last order", "i want a refund",          "refund not received yet", /* 2 */
};
static const uint32_t ex_labels[] = {0, 0, 0, 1, 1, 1, 2, 2, 2};

static void test_exemplars(void **state)
{
    (void)state;
    struct ai_train_opts o;
    ai_train_opts_default(&o);
    o.epochs = 10;
    o.calib_frac = 0;
    struct ai_classifier clf;
    assert_int_equal(ai_classifier_train(ex_texts, ex_labels, 9, 3, &o, &clf, NULL), 0);
    uint32_t rows[9];
    for (uint32_t i = 0; i < 9; i++)
        rows[i] = i;
    struct ai_exemplars ex;
    assert_int_equal(ai_exemplars_build(&clf, ex_texts, ex_labels, rows, 9, &ex), 0);
    assert_int_equal(ex.nex, 9);
    assert_int_equal(ex.class_off[3], 9);
    assert_true(ai_exemplars_valid(&ex));
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_oos_signals sig;
    uint32_t top;
    /* A training text is its own nearest example. */
    assert_int_equal(ai_cv_signals(&clf, &ex, s, ex_texts[4], strlen(ex_texts[4]), &top, &sig), 0);
    assert_int_equal(top, 1);
    assert_float_equal(sig.v[AI_SIG_COSINE], 1, 1e-4);
    assert_float_equal(sig.v[AI_SIG_UNSEEN], 0, 1e-6);
    /* Words never seen: none near, every word unseen. */
    const char *q = "zebra quantum volcano";
    assert_int_equal(ai_cv_signals(&clf, &ex, s, q, strlen(q), &top, &sig), 0);
    assert_float_equal(sig.v[AI_SIG_COSINE], 0, 1e-6);
    assert_float_equal(sig.v[AI_SIG_UNSEEN], 1, 1e-6);
    /* Half the words unseen. */
    q = "refund zebra";
    assert_int_equal(ai_cv_signals(&clf, &ex, s, q, strlen(q), &top, &sig), 0);
    assert_float_equal(sig.v[AI_SIG_UNSEEN], 0.5, 1e-6);
    assert_int_equal(top, 2);
    assert_true(sig.v[AI_SIG_COSINE] > 0 && sig.v[AI_SIG_COSINE] < 1);
    ai_session_free(s);
    ai_exemplars_cleanup(&ex);
    ai_exemplars_cleanup(&ex); /* harmless twice */
    ai_classifier_cleanup(&clf);
}

static void test_plan(void **state)
{
    (void)state;
    enum { NC = 10, N = 1000 };
    uint8_t group[NC], fold[N], group2[NC], fold2[N];
    assert_int_equal(ai_cv_plan(N, NC, 4, 0.2f, 7, group, fold), 4);
    /* Groups as even as 10 / 4 allows; rows' test folds near 20 % each. */
    unsigned per_group[4] = {0}, per_fold[5] = {0};
    for (int c = 0; c < NC; c++)
        per_group[group[c]]++;
    for (int g = 0; g < 4; g++)
        assert_true(per_group[g] == 2 || per_group[g] == 3);
    for (size_t i = 0; i < N; i++)
        per_fold[fold[i] == AI_CV_NOFOLD ? 4 : fold[i]]++;
    for (int f = 0; f < 5; f++)
        assert_true(per_fold[f] > 140 && per_fold[f] < 260);
    /* Deterministic for a seed. */
    ai_cv_plan(N, NC, 4, 0.2f, 7, group2, fold2);
    assert_memory_equal(group, group2, NC);
    assert_memory_equal(fold, fold2, N);
    /* Too few intents: a fold must keep two. Three intents: three folds of one. */
    assert_int_equal(ai_cv_plan(N, 2, 4, 0.2f, 7, group, fold), 0);
    assert_int_equal(fold[0], AI_CV_NOFOLD);
    assert_int_equal(ai_cv_plan(N, 3, 4, 0.2f, 7, group, fold), 3);
    assert_int_equal(ai_cv_plan(N, 4, 4, 0.2f, 7, group, fold), 4);
    assert_int_equal(ai_cv_plan(N, 5, 8, 0.1f, 7, group, fold), 5);
}

static void test_attract(void **state)
{
    (void)state;
    /* More unknown texts per known one: higher; the prior keeps empty intents finite. */
    assert_true(ai_cv_attract(10, 10, 0.3) > ai_cv_attract(1, 10, 0.3));
    assert_float_equal(ai_cv_attract(0, 0, 0.25), log(0.25), 1e-6);
}

/* Ten predictions per confidence level 0.05, 0.15, ..., 0.95 on two intents; the
 * share right rises with the level; ten unknown-topic ones at 0.55. */
static size_t curve_preds(struct ai_cv_pred *p)
{
    size_t n = 0;
    for (int lvl = 0; lvl < 10; lvl++)
        for (int i = 0; i < 10; i++) {
            memset(&p[n], 0, sizeof p[n]);
            p[n].conf = 0.05f + 0.1f * (float)lvl;
            p[n].weight = 1;
            p[n].pred = (uint32_t)(i % 2);
            p[n].truth = i < lvl + 1 ? p[n].pred : 1 - p[n].pred;
            n++;
        }
    for (int i = 0; i < 10; i++) {
        memset(&p[n], 0, sizeof p[n]);
        p[n].conf = 0.55f;
        p[n].weight = 0.5f;
        p[n].pred = 0;
        p[n].truth = AI_CV_OOS;
        n++;
    }
    return n;
}

static void test_curve_threshold(void **state)
{
    (void)state;
    struct ai_cv_pred p[110];
    size_t n = curve_preds(p);
    struct ai_curve_cell cells[3 * AI_CURVE_POINTS];
    ai_curve_build(p, n, 2, cells);
    /* Row 0 at threshold 0: everything (100 + 10 * 0.5 weight); at 1: nothing. */
    assert_float_equal(cells[0].accepted, 105, 1e-4);
    assert_float_equal(cells[0].count, 110, 1e-4);
    assert_float_equal(cells[AI_CURVE_POINTS - 1].count, 0, 1e-6);
    /* At 0.90 only the top level: 10 of 10 right. */
    assert_float_equal(cells[90].accepted, 10, 1e-4);
    assert_float_equal(cells[90].correct, 10, 1e-4);
    /* At 0.95 the 0.95 predictions still count (>=). */
    assert_float_equal(cells[95].count, 10, 1e-4);
    /* Intent rows split row 0 (unknown topics all went to intent 0). */
    assert_float_equal(cells[AI_CURVE_POINTS].count + cells[2 * AI_CURVE_POINTS].count, 110, 1e-4);
    assert_true(ai_curve_valid(cells));
    double t, prec, cov;
    /* Estimated precision above each level (one phantom error): 10/11 above 0.85,
     * 19/21 above 0.75, 27/31 above 0.65, 34/41 above 0.55. The lowest grid
     * threshold above 0.75 (0.76, or 0.75 if the float sits just below it) gives 0.88. */
    assert_int_equal(ai_curve_threshold(cells, NULL, 0.88, 1, &t, &prec, &cov), 0);
    assert_true(t >= 0.75 - 1e-9 && t <= 0.76 + 1e-9);
    assert_float_equal(prec, 19.0 / 21.0, 1e-6);
    assert_float_equal(cov, 20.0 / 105.0, 1e-6);
    assert_int_equal(ai_curve_threshold(cells, NULL, 0.85, 1, &t, &prec, &cov), 0);
    assert_true(t >= 0.65 - 1e-9 && t <= 0.66 + 1e-9);
    assert_float_equal(prec, 27.0 / 31.0, 1e-6);
    /* Unreachable: nothing auto-resolves. */
    assert_int_equal(ai_curve_threshold(cells, NULL, 0.99, 1, &t, &prec, &cov), 0);
    assert_float_equal(t, 1.0, 1e-9);
    assert_float_equal(cov, 0, 1e-9);
    /* Too thin a row: no estimate. */
    assert_int_equal(ai_curve_threshold(cells + AI_CURVE_POINTS, NULL, 0.8, 1000, &t, &prec, &cov),
                     AI_ENODATA);
    /* Shrinkage: five lucky predictions alone clear 0.8 at any threshold; pulled
     * toward a prior curve that is right half the time, they clear nothing. */
    struct ai_cv_pred lucky[5], coin[100];
    for (int i = 0; i < 5; i++)
        lucky[i] = (struct ai_cv_pred){.conf = 0.35f, .weight = 1, .truth = 0, .pred = 0};
    for (int i = 0; i < 100; i++)
        coin[i] =
            (struct ai_cv_pred){.conf = 0.35f, .weight = 1, .truth = (uint32_t)(i % 2), .pred = 0};
    struct ai_curve_cell row[AI_CURVE_POINTS], prior[AI_CURVE_POINTS];
    ai_curve_build(lucky, 5, 0, row);
    ai_curve_build(coin, 100, 0, prior);
    assert_int_equal(ai_curve_threshold(row, NULL, 0.8, 1, &t, &prec, &cov), 0);
    assert_float_equal(t, 0, 1e-9);
    assert_float_equal(prec, 5.0 / 6.0, 1e-6);
    assert_int_equal(ai_curve_threshold(row, prior, 0.8, 1, &t, &prec, &cov), 0);
    assert_float_equal(t, 1, 1e-9);
    assert_float_equal(cov, 0, 1e-9);
    cells[5].correct = NAN;
    assert_false(ai_curve_valid(cells));
}

static void test_report(void **state)
{
    (void)state;
    struct ai_cv_pred p[110];
    size_t n = curve_preds(p);
    struct ai_report_head h;
    memset(&h, 0, sizeof h);
    h.threshold = 0.5;
    struct ai_report_intent_rec per[2];
    struct ai_report_pair_rec pairs[AI_REPORT_MAX_PAIRS];
    assert_int_equal(ai_report_compute(p, n, 2, &h, per, pairs), 0);
    /* 55 of 100 in-scope predictions right. */
    assert_float_equal(h.cv_accuracy, 0.55, 1e-9);
    assert_int_equal(h.ncv_in, 100);
    assert_int_equal(h.ncv_oos, 10);
    /* The unknown topics sit at 0.55 >= 0.5: all accepted. */
    assert_float_equal(h.oos_false_accept, 1.0, 1e-9);
    /* Intent 0 predicted 50 times: right for i even and i < lvl + 1. */
    uint32_t tp0 = 0;
    for (int lvl = 0; lvl < 10; lvl++)
        for (int i = 0; i < 10; i += 2)
            tp0 += i < lvl + 1;
    assert_float_equal(per[0].precision, tp0 / 50.0, 1e-6);
    assert_int_equal(per[0].support + per[1].support, 100);
    assert_int_equal(h.npairs, 2);
    assert_true(pairs[0].count >= pairs[1].count);
    assert_int_equal(pairs[0].count + pairs[1].count, 45);
    assert_int_not_equal(pairs[0].truth, pairs[0].pred);
    h.threshold = 0.6;
    assert_int_equal(ai_report_compute(p, n, 2, &h, per, pairs), 0);
    assert_float_equal(h.oos_false_accept, 0.0, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_signals), cmocka_unit_test(test_calibrator),
        cmocka_unit_test(test_exemplars),     cmocka_unit_test(test_plan),
        cmocka_unit_test(test_attract),       cmocka_unit_test(test_curve_threshold),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
