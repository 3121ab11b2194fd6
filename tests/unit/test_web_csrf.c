/* test_web_csrf: the form tokens — valid, other session, tampered, empty — and the nonce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <string.h>

#include "web/web_csrf.h"

static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_key[] = "fedcba9876543210fedcba9876543210";
#define KLEN 32

static void test_valid_token_round_trips(void **state)
{
    (void)state;
    char tok[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "jti:0123456789abcdef0123456789abcdef", tok), 0);
    assert_int_equal(strlen(tok), WEB_CSRF_LEN);
    assert_int_equal(strspn(tok, "0123456789abcdef"), WEB_CSRF_LEN);
    assert_true(web_csrf_check(key, KLEN, "jti:0123456789abcdef0123456789abcdef", tok));
    /* deterministic: the same session gives the same token on every page */
    char again[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "jti:0123456789abcdef0123456789abcdef", again), 0);
    assert_string_equal(tok, again);
}

static void test_wrong_session_or_key(void **state)
{
    (void)state;
    char tok[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "jti:aaaa", tok), 0);
    assert_false(web_csrf_check(key, KLEN, "jti:aaab", tok));
    assert_false(web_csrf_check(key, KLEN, "anon:aaaa", tok)); /* the two kinds never mix */
    assert_false(web_csrf_check(other_key, KLEN, "jti:aaaa", tok));
    char anon[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "anon:aaaa", anon), 0);
    assert_string_not_equal(tok, anon);
}

static void test_tampered_token(void **state)
{
    (void)state;
    char tok[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "jti:s1", tok), 0);
    for (size_t i = 0; i < WEB_CSRF_LEN; i += 7) {
        char bad[WEB_CSRF_LEN + 1];
        memcpy(bad, tok, sizeof bad);
        bad[i] = bad[i] == '0' ? '1' : '0';
        assert_false(web_csrf_check(key, KLEN, "jti:s1", bad));
    }
    char upper[WEB_CSRF_LEN + 1];
    memcpy(upper, tok, sizeof upper);
    for (size_t i = 0; i < WEB_CSRF_LEN; i++)
        if (upper[i] >= 'a' && upper[i] <= 'f')
            upper[i] = (char)(upper[i] - 'a' + 'A');
    if (strcmp(upper, tok) != 0)
        assert_false(web_csrf_check(key, KLEN, "jti:s1", upper));
    char shorter[WEB_CSRF_LEN + 1];
    memcpy(shorter, tok, sizeof shorter);
    shorter[WEB_CSRF_LEN - 1] = '\0';
    assert_false(web_csrf_check(key, KLEN, "jti:s1", shorter));
    char longer[WEB_CSRF_LEN + 2];
    memcpy(longer, tok, WEB_CSRF_LEN);
    longer[WEB_CSRF_LEN] = '0';
    longer[WEB_CSRF_LEN + 1] = '\0';
    assert_false(web_csrf_check(key, KLEN, "jti:s1", longer));
}

static void test_empty_and_missing(void **state)
{
    (void)state;
    char tok[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_token(key, KLEN, "", tok), -1);
    assert_string_equal(tok, "");
    assert_int_equal(web_csrf_token(key, KLEN, NULL, tok), -1);
    assert_int_equal(web_csrf_token(key, 16, "jti:x", tok), -1); /* short key */
    assert_int_equal(web_csrf_token(NULL, 0, "jti:x", tok), -1);
    assert_int_equal(web_csrf_token(key, KLEN, "jti:x", tok), 0);
    assert_false(web_csrf_check(key, KLEN, "jti:x", ""));
    assert_false(web_csrf_check(key, KLEN, "jti:x", NULL));
    assert_false(web_csrf_check(key, KLEN, "", tok));
    assert_false(web_csrf_check(key, KLEN, NULL, tok));
    /* an over-long session is refused, not truncated */
    char big[512];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(web_csrf_token(key, KLEN, big, tok), -1);
    assert_false(web_csrf_check(key, KLEN, big, tok));
}

static void test_nonce(void **state)
{
    (void)state;
    char a[WEB_CSRF_LEN + 1], b[WEB_CSRF_LEN + 1];
    assert_int_equal(web_csrf_nonce(a), 0);
    assert_int_equal(web_csrf_nonce(b), 0);
    assert_true(web_csrf_nonce_ok(a));
    assert_true(web_csrf_nonce_ok(b));
    assert_string_not_equal(a, b);
    assert_false(web_csrf_nonce_ok(NULL));
    assert_false(web_csrf_nonce_ok(""));
    a[3] = 'G';
    assert_false(web_csrf_nonce_ok(a));
    b[WEB_CSRF_LEN - 1] = '\0';
    assert_false(web_csrf_nonce_ok(b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_token_round_trips),
        cmocka_unit_test(test_wrong_session_or_key),
        cmocka_unit_test(test_tampered_token),
        cmocka_unit_test(test_empty_and_missing),
        cmocka_unit_test(test_nonce),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
