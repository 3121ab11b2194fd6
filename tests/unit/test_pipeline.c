/* test_pipeline: the pure decision for a new ticket — a real model built from a few
 * examples, the settings and the intents' policies given as data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ai/model.h"
#include "pipeline/pipeline.h"
#include "pipeline/threshold.h"
#include "support_examples.h"

static char path[256];
static struct engine engine;
static struct arena arena;

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_pipeline.%ld.bin", (long)getpid());
    struct ai_train_opts o;
    ai_train_opts_default(&o);
    o.epochs = 20;
    o.calib_frac = 0.25f;
    struct ai_build_input in = {1, support_examples, SUPPORT_EXAMPLES_TWO, NULL, 0, &o};
    char msg[256];
    if (ai_model_build(path, &in, NULL, msg, sizeof msg) || engine_init(&engine, path) ||
        ai_model_open(path, &engine.model, msg, sizeof msg))
        return -1;
    arena_init(&arena, 1u << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    engine_cleanup(&engine);
    arena_cleanup(&arena);
    unlink(path);
    return 0;
}

static const struct settings open_settings = {
    .confidence_threshold = 0.0, /* any confidence is enough: the policy decides */
    .similarity_threshold = 0.9,
    .target_precision = 0.9,
    .min_ratings = 20,
    .auto_resolve_enabled = true,
};

static struct intent_policy policy(const char *name, bool auto_resolve, double threshold)
{
    struct intent_policy p = {
        name,
        {auto_resolve, threshold >= 0, threshold, false},
        "Hi {{customer_name}}, about ticket #{{ticket_id}}: check your mail."};
    return p;
}

static const struct pipeline_ticket ticket = {42, "Password", "i forgot my password", "Ada"};

static void decide(const struct settings *g, const struct intent_policy *p, size_t np,
                   struct pipeline_result *r)
{
    struct app_err err;
    err_clear(&err);
    assert_int_equal(pipeline_decide(&arena, &engine, g, p, np, &ticket, r, &err), 0);
    assert_string_equal(r->outcome.intent, "password_reset");
    assert_true(r->outcome.has_confidence);
    assert_true(r->outcome.confidence > 0 && r->outcome.confidence < 1);
}

static void test_answers_when_the_intent_allows_it(void **state)
{
    (void)state;
    struct intent_policy p[] = {policy("card_arrival", true, -1),
                                policy("password_reset", true, -1)};
    struct pipeline_result r;
    decide(&open_settings, p, 2, &r);
    assert_true(r.auto_resolve);
    assert_string_equal(r.outcome.decision, "AUTO_RESOLVE");
    assert_string_equal(r.outcome.response_source, "intent_template");
    assert_string_equal(r.outcome.response, "Hi Ada, about ticket #42: check your mail.");
}

static void test_suggests_when_the_intent_may_not_answer(void **state)
{
    (void)state;
    struct intent_policy p[] = {policy("password_reset", false, -1)};
    struct pipeline_result r;
    decide(&open_settings, p, 1, &r);
    assert_false(r.auto_resolve);
    assert_string_equal(r.outcome.decision, "SUGGEST");
    assert_non_null(r.outcome.response); /* the template, for an agent to send */
}

static void test_own_threshold_of_one_never_answers(void **state)
{
    (void)state;
    struct intent_policy p[] = {policy("password_reset", true, 1.0)};
    struct pipeline_result r;
    decide(&open_settings, p, 1, &r);
    assert_false(r.auto_resolve);
    assert_non_null(strstr(r.outcome.decision_reason, "1.00"));
}

static void test_intent_missing_from_the_catalogue_is_not_answered(void **state)
{
    (void)state;
    struct pipeline_result r;
    decide(&open_settings, NULL, 0, &r);
    assert_false(r.auto_resolve);
    assert_string_not_equal(r.outcome.decision, "AUTO_RESOLVE");
}

static void test_no_model_escalates(void **state)
{
    (void)state;
    struct engine none;
    memset(&none, 0, sizeof none);
    struct intent_policy p[] = {policy("password_reset", true, -1)};
    struct pipeline_result r;
    struct app_err err;
    err_clear(&err);
    assert_int_equal(pipeline_decide(&arena, &none, &open_settings, p, 1, &ticket, &r, &err), 0);
    assert_false(r.auto_resolve);
    assert_string_equal(r.outcome.decision, "ESCALATE");
    assert_non_null(strstr(r.outcome.decision_reason, "no model"));
}

/* Who chose the threshold: the intent's own, an admin's global, the model, the default. */
static void test_threshold_precedence(void **state)
{
    (void)state;
    struct settings g = open_settings;
    g.confidence_threshold = 0.8;
    g.auto_resolve_target_precision = 0.97;
    struct ai_intent_settings own = {true, true, 0.42, false}, none = {true, false, 0, false};
    struct threshold t = threshold_for(engine.model, &g, &own, "password_reset");
    assert_int_equal(t.source, THR_INTENT_ADMIN);
    assert_true(t.value == 0.42);
    g.confidence_threshold_set = true;
    t = threshold_for(engine.model, &g, &none, "password_reset");
    assert_int_equal(t.source, THR_ADMIN);
    assert_true(t.value == 0.8);
    /* Two intents cannot be cross-validated over intents: no model estimate. */
    g.confidence_threshold_set = false;
    t = threshold_for(engine.model, &g, &none, "password_reset");
    assert_int_equal(t.source, THR_DEFAULT);
    assert_true(t.value == 0.8);
    assert_string_equal(threshold_source_name(THR_MODEL_INTENT), "model_intent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_when_the_intent_allows_it),
        cmocka_unit_test(test_suggests_when_the_intent_may_not_answer),
        cmocka_unit_test(test_own_threshold_of_one_never_answers),
        cmocka_unit_test(test_intent_missing_from_the_catalogue_is_not_answered),
        cmocka_unit_test(test_no_model_escalates),
        cmocka_unit_test(test_threshold_precedence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
