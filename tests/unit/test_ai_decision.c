/* test_ai_decision: every boundary of the AUTO_RESOLVE / SUGGEST / ESCALATE function. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <math.h>
#include <string.h>

#include "ai/decision.h"

static const struct ai_global_settings global = {0.75, 0.8};
static const struct ai_resolution sendable = {
    AI_REPLY_INTENT_TEMPLATE, "hi", true, true, false, 0, 0, "t"};
static const struct ai_resolution similar_only = {
    AI_REPLY_SIMILAR,
    "hi",
    false,
    true,
    true,
    5,
    0.9,
    "the similar ticket's solution is not marked reusable"};
static const struct ai_resolution fallback = {
    AI_REPLY_FALLBACK, "hi", false, false, false, 0, 0, "f"};
static const struct ai_resolution none = {AI_REPLY_NONE, NULL, false, false, false, 0, 0, "n"};

static enum ai_decision run(const char *intent, double conf, const struct ai_intent_settings *st,
                            const struct ai_resolution *r, char *reason)
{
    struct ai_decision_input in = {intent, conf, st, r, &global, NULL};
    return ai_decide(&in, reason, 256);
}

static void test_threshold_boundaries(void **state)
{
    (void)state;
    struct ai_intent_settings st = {true, false, 0, false};
    char why[256];
    assert_int_equal(run("card_arrival", 0.91, &st, &sendable, why), AI_DECISION_AUTO_RESOLVE);
    assert_string_equal(why, "confidence 0.91 >= 0.75 for intent card_arrival");
    assert_int_equal(run("card_arrival", 0.75, &st, &sendable, why),
                     AI_DECISION_AUTO_RESOLVE); /* exactly at */
    assert_string_equal(why, "confidence 0.75 >= 0.75 for intent card_arrival");
    assert_int_equal(run("card_arrival", (double)0.75f, &st, &sendable, why),
                     AI_DECISION_AUTO_RESOLVE);
    assert_int_equal(run("card_arrival", 0.7499, &st, &sendable, why),
                     AI_DECISION_SUGGEST); /* just below */
    assert_string_equal(why, "confidence 0.7499 < 0.7500 for intent card_arrival");
    assert_int_equal(run("card_arrival", 0.74, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_string_equal(why, "confidence 0.74 < 0.75 for intent card_arrival");
    assert_int_equal(run("card_arrival", 0.0, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_int_equal(run("card_arrival", 1.0, &st, &sendable, why), AI_DECISION_AUTO_RESOLVE);
    assert_int_equal(run("card_arrival", NAN, &st, &sendable, why), AI_DECISION_SUGGEST);
}

static void test_own_threshold(void **state)
{
    (void)state;
    char why[256];
    struct ai_intent_settings st = {true, true, 0.9, false};
    assert_int_equal(run("refund", 0.85, &st, &sendable, why),
                     AI_DECISION_SUGGEST); /* above global, below own */
    assert_string_equal(why,
                        "confidence 0.85 < 0.90 for intent refund (the intent's own threshold)");
    assert_int_equal(run("refund", 0.9, &st, &sendable, why), AI_DECISION_AUTO_RESOLVE);
    assert_int_equal(run("refund", (double)0.9f, &st, &sendable, why),
                     AI_DECISION_AUTO_RESOLVE); /* float 0.9 */
    st.threshold = 0.5;
    assert_int_equal(run("refund", 0.6, &st, &sendable, why),
                     AI_DECISION_AUTO_RESOLVE); /* below global, above own */
    assert_int_equal(run("refund", 0.49, &st, &sendable, why), AI_DECISION_SUGGEST);
    /* A null threshold (has_threshold false) means the global one, whatever the field holds. */
    st.has_threshold = false;
    st.threshold = 0.1;
    assert_int_equal(run("refund", 0.6, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_string_equal(why, "confidence 0.60 < 0.75 for intent refund");
    /* Global settings missing: 0.75. */
    struct ai_decision_input in = {"refund", 0.76, &st, &sendable, NULL, NULL};
    assert_int_equal(ai_decide(&in, why, sizeof why), AI_DECISION_AUTO_RESOLVE);
    in.confidence = 0.74;
    assert_int_equal(ai_decide(&in, NULL, 0), AI_DECISION_SUGGEST);
}

static void test_disallowed_paused_unknown(void **state)
{
    (void)state;
    char why[256];
    struct ai_intent_settings st = {false, false, 0, false};
    assert_int_equal(run("refund", 0.99, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_string_equal(why, "auto-resolve is off for intent refund (confidence 0.99)");
    st.auto_resolve = true;
    st.auto_paused = true;
    assert_int_equal(run("refund", 0.99, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_string_equal(why, "auto-resolve is paused for intent refund (confidence 0.99)");
    assert_int_equal(run("refund", 0.99, NULL, &sendable, why), AI_DECISION_SUGGEST);
    assert_int_equal(run(NULL, 0.99, &st, &sendable, why), AI_DECISION_SUGGEST);
    assert_int_equal(run("", 0.99, &st, &sendable, why), AI_DECISION_SUGGEST);
}

static void test_reply_kinds(void **state)
{
    (void)state;
    char why[256];
    struct ai_intent_settings st = {true, false, 0, false};
    /* Confident but the reply may not go out alone. */
    assert_int_equal(run("refund", 0.95, &st, &similar_only, why), AI_DECISION_SUGGEST);
    assert_non_null(strstr(why, "confidence 0.95 >= 0.75 for intent refund"));
    assert_non_null(strstr(why, "not marked reusable"));
    /* No reply worth showing: escalate, however confident. */
    assert_int_equal(run("refund", 0.99, &st, &fallback, why), AI_DECISION_ESCALATE);
    assert_int_equal(run("refund", 0.99, &st, &none, why), AI_DECISION_ESCALATE);
    assert_int_equal(run("refund", 0.99, &st, NULL, why), AI_DECISION_ESCALATE);
    assert_string_equal(why, "no reply worth suggesting for intent refund (confidence 0.99)");
    assert_int_equal(run(NULL, 0, NULL, NULL, why), AI_DECISION_ESCALATE);
    /* Low confidence with a reply: suggest. */
    assert_int_equal(run("refund", 0.2, &st, &similar_only, why), AI_DECISION_SUGGEST);
    assert_string_equal(ai_decision_name(AI_DECISION_AUTO_RESOLVE), "AUTO_RESOLVE");
    assert_string_equal(ai_decision_name(AI_DECISION_SUGGEST), "SUGGEST");
    assert_string_equal(ai_decision_name(AI_DECISION_ESCALATE), "ESCALATE");
}

static void test_reason_truncation(void **state)
{
    (void)state;
    char small[8];
    struct ai_intent_settings st = {true, false, 0, false};
    struct ai_decision_input in = {"card_arrival", 0.91, &st, &sendable, &global, NULL};
    assert_int_equal(ai_decide(&in, small, sizeof small), AI_DECISION_AUTO_RESOLVE);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* A caller that chose the threshold says how, in place of the default wording. */
static void test_threshold_note(void **state)
{
    (void)state;
    char why[256];
    struct ai_intent_settings st = {true, true, 0.62, false};
    struct ai_decision_input in = {"refund",  0.70,    &st,
                                   &sendable, &global, " (chosen at 97% target precision)"};
    assert_int_equal(ai_decide(&in, why, sizeof why), AI_DECISION_AUTO_RESOLVE);
    assert_string_equal(
        why, "confidence 0.70 >= 0.62 for intent refund (chosen at 97% target precision)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_boundaries),      cmocka_unit_test(test_own_threshold),
        cmocka_unit_test(test_disallowed_paused_unknown), cmocka_unit_test(test_reply_kinds),
        cmocka_unit_test(test_reason_truncation),         cmocka_unit_test(test_threshold_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
