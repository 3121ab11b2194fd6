/* test_ai_model_oos: a model built with negatives carries the OOS-aware
 * confidence, its curve, threshold picker and report through the file; files
 * of the previous format are refused. Small fixed data: six intents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ai/model.h"
#include "ai/status.h"

static const char *const topics[6][2] = {
    {"card_arrival", "card delivery"}, {"password_reset", "password login"},
    {"refund", "refund money"},        {"exchange_rate", "exchange rate"},
    {"top_up", "top up balance"},      {"close_account", "close account"},
};
static const char *const frames[] = {
    "where is my %s",    "%s is not working", "how do i sort out %s", "help with %s please",
    "question about %s", "problem with %s",   "i need %s today",      "what about my %s",
    "%s still pending",  "urgent %s issue",   "can you check %s",     "my %s again",
};
#define NFRAMES (sizeof frames / sizeof frames[0])
#define NEX (6 * NFRAMES)
static const char *const negatives[] = {
    "what is the weather on mars", "recommend a good pizza place", "who won the football match",
    "tell me a joke about cats",   "how tall is mount everest",    "translate hello into french",
};

static char path[256];
static char texts[NEX][96];
static struct ai_example ex[NEX + 6];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_ai_model_oos.%ld.bin", (long)getpid());
    size_t n = 0;
    for (size_t t = 0; t < 6; t++)
        for (size_t f = 0; f < NFRAMES; f++) {
            snprintf(texts[n], sizeof texts[n], frames[f], topics[t][1]);
            ex[n] = (struct ai_example){texts[n], topics[t][0]};
            n++;
        }
    for (size_t i = 0; i < 6; i++)
        ex[n++] = (struct ai_example){negatives[i], i % 2 ? NULL : ""};
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void build(double target)
{
    struct ai_train_opts o;
    ai_train_opts_default(&o);
    o.epochs = 15;
    o.target_precision = target;
    struct ai_build_input in = {1, ex, NEX + 6, NULL, 0, &o};
    struct ai_build_report rep;
    char msg[256];
    assert_int_equal(ai_model_build(path, &in, &rep, msg, sizeof msg), 0);
    assert_int_equal(rep.nintents, 6);
    assert_int_equal(rep.nnegatives, 6);
}

static void test_negatives_report_curve(void **state)
{
    (void)state;
    build(0.9);
    struct ai_model *m;
    char msg[256];
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), 0);
    /* Negatives are never a class. */
    assert_int_equal(ai_model_nintents(m), 6);
    const struct ai_model_report *r = ai_model_report(m);
    assert_non_null(r);
    assert_int_equal(r->nnegatives, 6);
    assert_int_equal(r->nintents, 6);
    assert_true(r->folds >= 2);
    assert_true(r->ncv_in_scope > 0 && r->ncv_unknown > 0);
    assert_true(r->cv_accuracy > 0.5 && r->cv_accuracy <= 1);
    assert_float_equal(r->build_target_precision, 0.9, 1e-9);
    assert_true(r->oos_false_accept_rate >= 0 && r->oos_false_accept_rate <= 1);
    /* The report's threshold is what the picker gives for its target. */
    double t, prec, cov;
    assert_int_equal(ai_model_threshold(m, NULL, 0.9, &t, &prec, &cov), 0);
    assert_float_equal(t, r->build_threshold, 1e-9);
    assert_true(t >= 0 && t <= 1);
    /* Per intent: too few CV predictions here for a trustworthy estimate. */
    assert_int_equal(ai_model_threshold(m, "refund", 0.9, &t, &prec, &cov), AI_ENODATA);
    assert_int_equal(ai_model_threshold(m, "no_such_intent", 0.9, &t, &prec, &cov), AI_ENODATA);
    assert_int_equal(ai_model_threshold(m, NULL, 1.5, &t, &prec, &cov), AI_EINVAL);
    /* Per-intent entries, in intent order; pairs in range. */
    struct ai_report_intent ri;
    size_t support = 0;
    for (size_t i = 0; i < r->nintents; i++) {
        assert_int_equal(ai_model_report_intent(m, i, &ri), 0);
        assert_string_equal(ri.name, ai_model_intent(m, i));
        assert_true(ri.f1 >= 0 && ri.f1 <= 1);
        support += ri.support;
    }
    assert_int_equal(support, r->ncv_in_scope);
    assert_int_equal(ai_model_report_intent(m, r->nintents, &ri), AI_EINVAL);
    struct ai_confused_pair cp;
    assert_true(r->npairs <= 20);
    for (size_t i = 0; i < r->npairs; i++) {
        assert_int_equal(ai_model_report_pair(m, i, &cp), 0);
        assert_string_not_equal(cp.true_intent, cp.predicted_intent);
        assert_true(cp.count > 0);
    }
    assert_int_equal(ai_model_report_pair(m, r->npairs, &cp), AI_EINVAL);
    /* The curve: 101 points, thresholds ascending, coverage falling from 1. */
    struct ai_curve_point pts[101];
    assert_int_equal(ai_model_curve(m, NULL, pts, 101), 101);
    assert_float_equal(pts[0].threshold, 0, 1e-6);
    assert_float_equal(pts[0].coverage, 1, 1e-6);
    assert_float_equal(pts[100].threshold, 1, 1e-6);
    for (size_t i = 1; i < 101; i++) {
        assert_true(pts[i].threshold > pts[i - 1].threshold);
        assert_true(pts[i].coverage <= pts[i - 1].coverage + 1e-6f);
        assert_true(pts[i].precision >= 0 && pts[i].precision <= 1);
    }
    assert_int_equal(ai_model_curve(m, NULL, pts, 21), 21);
    assert_float_equal(pts[1].threshold, 0.05, 1e-6);
    assert_true(ai_model_curve(m, NULL, pts, 7) <= 7);
    assert_true(ai_model_curve(m, "refund", pts, 101) == 101);
    assert_int_equal(ai_model_curve(m, "no_such_intent", pts, 101), 0);
    ai_model_close(m);
}

static void test_confidence(void **state)
{
    (void)state;
    build(0);
    struct ai_model *m;
    char msg[256];
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), 0);
    assert_float_equal(ai_model_report(m)->build_target_precision, 0.97, 1e-9);
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_intent_guess g[3];
    size_t n;
    const char *in = "where is my refund money";
    assert_int_equal(ai_model_classify(m, s, in, strlen(in), g, 3, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(g[0].intent, "refund");
    float known = g[0].prob;
    assert_true(known >= 0.001f && known <= 0.999f);
    /* Off-topic words: the confidence drops below the known topic's. */
    const char *out = "recommend a pizza place near mount everest";
    assert_int_equal(ai_model_classify(m, s, out, strlen(out), g, 3, &n), 0);
    assert_true(g[0].prob >= 0.001f && g[0].prob < known);
    /* Deterministic: the same text, the same number. */
    assert_int_equal(ai_model_classify(m, s, in, strlen(in), g, 1, &n), 0);
    assert_float_equal(g[0].prob, known, 0);
    ai_session_free(s);
    ai_model_close(m);
}

/* A file of the previous format is refused, never misread. */
static void test_old_format_refused(void **state)
{
    (void)state;
    build(0);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    uint32_t format;
    assert_int_equal(fseek(f, 8, SEEK_SET), 0); /* after the 8-byte magic */
    assert_int_equal(fread(&format, 4, 1, f), 1);
    assert_int_equal(format, AI_MODEL_FORMAT);
    format = 1;
    assert_int_equal(fseek(f, 8, SEEK_SET), 0);
    assert_int_equal(fwrite(&format, 4, 1, f), 1);
    assert_int_equal(fclose(f), 0);
    struct ai_model *m;
    char msg[256];
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), AI_ECORRUPT);
    assert_null(m);
    assert_non_null(strstr(msg, "format"));
}

/* Fewer than three intents: no held-out-intent folds, no report, the in-catalogue probability. */
static void test_two_intents(void **state)
{
    (void)state;
    struct ai_build_input in = {1, ex + NFRAMES * 4, 2 * NFRAMES + 6, NULL, 0, NULL};
    char msg[256];
    assert_int_equal(ai_model_build(path, &in, NULL, msg, sizeof msg), 0);
    struct ai_model *m;
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), 0);
    assert_int_equal(ai_model_nintents(m), 2);
    assert_null(ai_model_report(m));
    double t, p, c;
    assert_int_equal(ai_model_threshold(m, NULL, 0.9, &t, &p, &c), AI_ENODATA);
    struct ai_curve_point pts[4];
    assert_int_equal(ai_model_curve(m, NULL, pts, 4), 0);
    struct ai_report_intent ri;
    assert_int_equal(ai_model_report_intent(m, 0, &ri), AI_ENODATA);
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_intent_guess g[2];
    size_t n;
    assert_int_equal(ai_model_classify(m, s, "top up balance", 14, g, 2, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(g[0].intent, "top_up");
    assert_true(g[0].prob >= g[1].prob);
    ai_session_free(s);
    ai_model_close(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_negatives_report_curve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_confidence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_format_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_intents, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
