/* test_web_ticket: the page view of a ticket keeps the API's rule — a customer never
 * sees an unsent suggestion, the similar ticket or the reasoning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <json.h>
#include <string.h>

#include "core/arena.h"
#include "web/web_ticket.h"

/* Every ticket's JSON lives in this arena until the group ends. */
static struct arena arena;

static int group_setup(void **state)
{
    (void)state;
    arena_init(&arena, 0);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    arena_cleanup(&arena);
    return 0;
}

static struct ticket suggested(void)
{
    struct ticket t;
    memset(&t, 0, sizeof t);
    t.id = 7;
    t.customer_id = 42;
    t.subject = "Card";
    t.body = "Where is it";
    t.status = TS_OPEN;
    t.priority = "high";
    t.intent = "card_arrival";
    t.has_confidence = true;
    t.confidence = 0.61;
    t.decision = "SUGGEST";
    t.decision_reason = "confidence 0.61 < 0.75 SECRET-REASON";
    t.similar_ticket_id = 3;
    t.has_similarity = true;
    t.similarity = 0.8;
    t.response = "SECRET-SUGGESTION";
    t.response_source = "similar_ticket";
    t.response_sent = false;
    t.created_at = "2026-11-23T22:59:32Z";
    t.updated_at = "2026-11-23T22:59:32Z";
    t.customer_name = "Casey";
    return t;
}

static const char *text(json_object *o)
{
    return json_object_to_json_string(o);
}

static void test_customer_never_sees_a_suggestion(void **state)
{
    (void)state;
    struct ticket t = suggested();
    struct principal cust = {.id = 42, .role = ROLE_CUSTOMER};
    json_object *o = web_ticket_json(&arena, &t, &cust, NULL, 0, NULL);
    assert_non_null(o);
    const char *s = text(o);
    assert_null(strstr(s, "SECRET-SUGGESTION"));
    assert_null(strstr(s, "SECRET-REASON"));
    assert_null(strstr(s, "similarity_pct"));
    assert_null(strstr(s, "confidence_pct"));
    assert_null(strstr(s, "response_excerpt"));
    assert_null(strstr(s, "auto_answer"));
    assert_false(json_object_get_boolean(json_object_object_get(o, "ask_feedback")));
    assert_string_equal(json_object_get_string(json_object_object_get(o, "url")),
                        "/support/tickets/7");
}

static void test_staff_see_the_suggestion(void **state)
{
    (void)state;
    struct ticket t = suggested();
    struct principal agent = {.id = 5, .role = ROLE_AGENT};
    json_object *o = web_ticket_json(&arena, &t, &agent, NULL, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "response_excerpt")),
                        "SECRET-SUGGESTION");
    assert_string_equal(json_object_get_string(json_object_object_get(o, "confidence_pct")), "61%");
    assert_string_equal(json_object_get_string(json_object_object_get(o, "similarity_pct")), "80%");
    assert_string_equal(json_object_get_string(json_object_object_get(o, "url")),
                        "/agent/tickets/7");
}

static void test_sent_answer_is_shown_and_rated(void **state)
{
    (void)state;
    struct ticket t = suggested();
    t.status = TS_AUTO_RESOLVED;
    t.response_sent = true;
    t.response = "Cards take 5 days.";
    struct principal cust = {.id = 42, .role = ROLE_CUSTOMER};
    struct ticket_message m = {.id = 1,
                               .author_id = 42,
                               .author_role = "customer",
                               .body = "thanks",
                               .created_at = "2026-11-23T23:00:00Z"};
    json_object *o = web_ticket_json(&arena, &t, &cust, &m, 1, NULL);
    assert_non_null(o);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "auto_answer")),
                        "Cards take 5 days.");
    assert_true(json_object_get_boolean(json_object_object_get(o, "ask_feedback")));
    assert_null(strstr(text(o), "SECRET-REASON"));
    json_object *msg = json_object_array_get_idx(json_object_object_get(o, "messages"), 0);
    assert_string_equal(json_object_get_string(json_object_object_get(msg, "author_label")), "You");
    /* another customer's view of the same data never asks them to rate */
    struct principal other = {.id = 43, .role = ROLE_CUSTOMER};
    json_object *p = web_ticket_json(&arena, &t, &other, NULL, 0, NULL);
    assert_false(json_object_get_boolean(json_object_object_get(p, "ask_feedback")));
}

static void test_long_suggestion_is_cut_on_a_character(void **state)
{
    (void)state;
    struct ticket t = suggested();
    char longtext[1200];
    size_t n = 0;
    while (n + 2 < sizeof longtext - 1) { /* "é" is two bytes */
        longtext[n++] = '\xC3';
        longtext[n++] = '\xA9';
    }
    longtext[n] = '\0';
    t.response = longtext;
    struct principal agent = {.id = 5, .role = ROLE_ADMIN};
    json_object *o = web_ticket_json(&arena, &t, &agent, NULL, 0, NULL);
    const char *ex = json_object_get_string(json_object_object_get(o, "response_excerpt"));
    assert_int_equal(strlen(ex), 160 * 2 + 3);
    assert_memory_equal(ex + 320, "\xE2\x80\xA6", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_customer_never_sees_a_suggestion),
        cmocka_unit_test(test_staff_see_the_suggestion),
        cmocka_unit_test(test_sent_answer_is_shown_and_rated),
        cmocka_unit_test(test_long_suggestion_is_cut_on_a_character),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
