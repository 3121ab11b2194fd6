/* test_ai_resolver: template filling and the reply choice with its auto-send flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdlib.h>
#include <string.h>

#include "ai/resolver.h"
#include "ai/template.h"
#include "core/buf.h"

static const struct ai_template_vars vars = {"Ada", "42", "Card missing", "card_arrival"};

static void fill(const char *tpl, const struct ai_template_vars *v, const char *want)
{
    struct buf b;
    buf_init(&b);
    assert_int_equal(ai_template_fill(tpl, v, &b), 0);
    assert_string_equal(buf_str(&b), want);
    assert_null(strstr(buf_str(&b), "{{"));
    buf_cleanup(&b);
}

static void test_placeholders(void **state)
{
    (void)state;
    fill("Hi {{customer_name}}, ticket #{{ticket_id}} ({{subject}}) is {{intent}}.", &vars,
         "Hi Ada, ticket #42 (Card missing) is card_arrival.");
    fill("{{ customer_name }}|{{{customer_name}}}|{{customer_name}}{{customer_name}}", &vars,
         "Ada|Ada|AdaAda");
    fill("no placeholders", &vars, "no placeholders");
    fill("", &vars, "");
    fill(NULL, &vars, "");
}

static void test_unknown_and_broken(void **state)
{
    (void)state;
    fill("a{{unknown}}b{{}}c", &vars, "abc");
    fill("Hello {{customer_name", &vars, "Hello customer_name"); /* unterminated: "{{" dropped */
    fill("x {{ y {{customer_name}} z", &vars, "x  z"); /* name "y {{customer_name" is unknown */
    fill("{{{{{{", &vars, "");
    fill("a }} b", &vars, "a }} b");
    fill("{{customer_name}}", NULL, "");
    struct ai_template_vars evil = {"{{ticket_id}}", "{", "{{", NULL};
    fill("{{customer_name}} {{ticket_id}}{{subject}} {{intent}}", &evil, "{ticket_id}} { ");
    fill("{{{ticket_id}}", &evil, "{");
}

static void test_resolve_choices(void **state)
{
    (void)state;
    struct ai_similar best = {9,    0.90f, "card_arrival", "Hi {{customer_name}}, it ships soon.",
                              true, false};
    struct ai_resolve_input in = {"card_arrival",
                                  "Template for {{customer_name}}",
                                  "Fallback {{ticket_id}}",
                                  &best,
                                  0.8,
                                  0,
                                  vars};
    struct ai_resolution r;

    /* Similar, reusable, same intent: sendable. */
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_SIMILAR);
    assert_string_equal(r.text, "Hi Ada, it ships soon.");
    assert_true(r.auto_send_ok);
    assert_true(r.has_similar);
    assert_int_equal(r.similar_ticket_id, 9);
    assert_string_equal(ai_reply_source_name(r.source), "similar_ticket");
    ai_resolution_cleanup(&r);

    /* Intent differs: only a suggestion, unless near-identical. */
    best.intent = "card_delivery_estimate";
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_SIMILAR);
    assert_false(r.auto_send_ok);
    assert_true(r.worth_suggesting);
    ai_resolution_cleanup(&r);
    best.score = 0.95f;
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_true(r.auto_send_ok);
    ai_resolution_cleanup(&r);

    /* Not reusable: never sendable, even when identical. */
    best.score = 1.0f;
    best.reusable = false;
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_SIMILAR);
    assert_false(r.auto_send_ok);
    ai_resolution_cleanup(&r);

    /* Below the similarity threshold: the intent template. */
    best.score = 0.79f;
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_INTENT_TEMPLATE);
    assert_string_equal(r.text, "Template for Ada");
    assert_true(r.auto_send_ok);
    assert_true(r.has_similar); /* still reported for the agent */
    ai_resolution_cleanup(&r);

    /* Exactly at the threshold counts. */
    best.score = 0.8f;
    in.similarity_threshold = 0.8f;
    best.reusable = true;
    best.intent = "card_arrival";
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_SIMILAR);
    ai_resolution_cleanup(&r);

    /* No template: the fallback, never sendable, not worth suggesting. */
    in.best = NULL;
    in.intent_template = "";
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_FALLBACK);
    assert_string_equal(r.text, "Fallback 42");
    assert_false(r.auto_send_ok);
    assert_false(r.worth_suggesting);
    assert_false(r.has_similar);
    ai_resolution_cleanup(&r);

    /* Nothing at all. */
    in.fallback_template = NULL;
    assert_int_equal(ai_resolve(&in, &r), 0);
    assert_int_equal(r.source, AI_REPLY_NONE);
    assert_null(r.text);
    assert_null(ai_reply_source_name(r.source));
    ai_resolution_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_unknown_and_broken),
        cmocka_unit_test(test_resolve_choices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
