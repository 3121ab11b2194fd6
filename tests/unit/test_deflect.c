/* test_deflect: the pure parts of answers before filing — the deflection token
 * (round trip, age, tampering, another key, intents it refuses) and the CORS origin
 * allowlist (exact match only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "http/cors.h"
#include "ticket/ticket_deflect.h"

static void use_key(const char *k)
{
    g_config.jwt_secret_len = strlen(k);
    memcpy(g_config.jwt_secret, k, g_config.jwt_secret_len);
}

static void test_token_round_trips_within_its_age(void **state)
{
    (void)state;
    use_key("0123456789abcdef0123456789abcdef");
    char tok[DEFLECT_TOKEN_MAX], intent[65];
    assert_int_equal(ticket_deflect_token("gift_card", 1800000000, tok), 0);
    assert_true(strncmp(tok, "gift_card.1800000000.", 21) == 0);
    assert_true(ticket_deflect_token_check(tok, 1800000000, intent));
    assert_string_equal(intent, "gift_card");
    assert_true(ticket_deflect_token_check(tok, 1800000000 + DEFLECT_TOKEN_TTL, intent));
    assert_false(ticket_deflect_token_check(tok, 1800000000 + DEFLECT_TOKEN_TTL + 1, intent));
    assert_false(ticket_deflect_token_check(tok, 1800000000 - 120, intent)); /* from the future */
    /* Two suggestions of one intent at one second are two tokens (the nonce). */
    char again[DEFLECT_TOKEN_MAX];
    assert_int_equal(ticket_deflect_token("gift_card", 1800000000, again), 0);
    assert_string_not_equal(tok, again);
    /* The longest intent name fits. */
    char longest[65];
    memset(longest, 'a', 64);
    longest[64] = '\0';
    assert_int_equal(ticket_deflect_token(longest, 1800000000, tok), 0);
    assert_true(ticket_deflect_token_check(tok, 1800000000, intent));
    assert_string_equal(intent, longest);
}

static void test_token_tampered_or_foreign(void **state)
{
    (void)state;
    use_key("0123456789abcdef0123456789abcdef");
    char tok[DEFLECT_TOKEN_MAX], bad[DEFLECT_TOKEN_MAX + 8], intent[65];
    assert_int_equal(ticket_deflect_token("gift_card", 1800000000, tok), 0);
    /* Another intent, another time, a changed MAC: all refused. */
    snprintf(bad, sizeof bad, "refund%s", tok + strlen("gift_card"));
    assert_false(ticket_deflect_token_check(bad, 1800000000, intent));
    snprintf(bad, sizeof bad, "%s", tok);
    bad[strlen("gift_card.18")] = '9';
    assert_false(ticket_deflect_token_check(bad, 1800000000, intent));
    snprintf(bad, sizeof bad, "%s", tok);
    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
    assert_false(ticket_deflect_token_check(bad, 1800000000, intent));
    for (const char *s = tok + strlen(tok); s > tok; s--) { /* every truncation */
        snprintf(bad, sizeof bad, "%.*s", (int)(s - tok - 1), tok);
        assert_false(ticket_deflect_token_check(bad, 1800000000, intent));
    }
    assert_false(ticket_deflect_token_check(NULL, 1800000000, intent));
    assert_false(ticket_deflect_token_check("", 1800000000, intent));
    assert_false(ticket_deflect_token_check("a.b.c.d", 1800000000, intent));
    /* Signed with another key. */
    use_key("fedcba9876543210fedcba9876543210");
    assert_false(ticket_deflect_token_check(tok, 1800000000, intent));
    /* Names it cannot carry: none, a dot, too long. */
    char longer[66];
    memset(longer, 'a', 65);
    longer[65] = '\0';
    assert_int_equal(ticket_deflect_token("", 1800000000, tok), -1);
    assert_int_equal(ticket_deflect_token(NULL, 1800000000, tok), -1);
    assert_int_equal(ticket_deflect_token("a.b", 1800000000, tok), -1);
    assert_int_equal(ticket_deflect_token(longer, 1800000000, tok), -1);
}

static void test_cors_origins_match_exactly(void **state)
{
    (void)state;
    const char *list = "https://shop.example.com, http://localhost:8080  https://b.example";
    assert_true(cors_origin_allowed("https://shop.example.com", list));
    assert_true(cors_origin_allowed("http://localhost:8080", list));
    assert_true(cors_origin_allowed("https://b.example", list));
    assert_false(cors_origin_allowed("https://shop.example.com.evil.example", list));
    assert_false(cors_origin_allowed("https://shop.example.co", list));
    assert_false(cors_origin_allowed("http://shop.example.com", list));
    assert_false(cors_origin_allowed("http://localhost:8081", list));
    assert_false(cors_origin_allowed("HTTPS://SHOP.EXAMPLE.COM", list));
    assert_false(cors_origin_allowed("null", list));
    assert_false(cors_origin_allowed("", list));
    assert_false(cors_origin_allowed(NULL, list));
    assert_false(cors_origin_allowed("https://shop.example.com", ""));
    assert_false(cors_origin_allowed("https://shop.example.com", NULL));
    assert_false(cors_origin_allowed(",", ", ,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_round_trips_within_its_age),
        cmocka_unit_test(test_token_tampered_or_foreign),
        cmocka_unit_test(test_cors_origins_match_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
