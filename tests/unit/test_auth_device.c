/* test_auth_device: the device cookie names its account, is bound to the server key
 * and expires; and the MAC under it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/device.h"
#include "core/config.h"
#include "core/mac.h"

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 1 << 16);
    memcpy(g_config.jwt_secret, "0123456789abcdef0123456789abcdef", 32);
    g_config.jwt_secret_len = 32;
    g_config.login_known_ttl = 3600;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_cleanup(&arena);
    return 0;
}

/* The nonce a request with this dp_device cookie value yields for email. */
static const char *nonce_for(const char *value, const char *email)
{
    char *cookie = arena_printf(&arena, "HTTP_COOKIE=a=1; %s=%s", AUTH_DEVICE_COOKIE, value);
    char *env[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/api/auth/login", cookie, NULL};
    struct request req = {.arena = &arena, .envp = env};
    struct app_err err;
    err_clear(&err);
    assert_int_equal(request_parse(&req, &err), 0);
    return auth_device_nonce(&req, email, strlen(email));
}

/* The value of the cookie auth_device_set writes for email. */
static char *issued(const char *email)
{
    char *env[] = {"REQUEST_METHOD=POST", NULL};
    struct request req = {.arena = &arena, .envp = env};
    struct response res;
    response_init(&res);
    assert_int_equal(auth_device_set(&req, &res, email), 0);
    assert_int_equal(res.nheaders, 1);
    assert_string_equal(res.hnames[0], "Set-Cookie");
    const char *h = res.hvalues[0];
    assert_int_equal(strncmp(h, AUTH_DEVICE_COOKIE "=", strlen(AUTH_DEVICE_COOKIE) + 1), 0);
    assert_non_null(strstr(h, "; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600"));
    const char *v = h + strlen(AUTH_DEVICE_COOKIE) + 1;
    char *out = arena_strndup(&arena, v, strcspn(v, ";"));
    response_cleanup(&res);
    return out;
}

static void test_names_its_account(void **state)
{
    (void)state;
    char *v = issued("ada@example.com");
    const char *n = nonce_for(v, "Ada@Example.COM"); /* as typed: compared lower-cased */
    assert_non_null(n);
    assert_int_equal(strlen(n), AUTH_DEVICE_NONCE_LEN);
    assert_int_equal(strncmp(n, v, AUTH_DEVICE_NONCE_LEN), 0);
    assert_null(nonce_for(v, "bob@example.com"));
    char *v2 = issued("ada@example.com");
    assert_string_not_equal(v, v2); /* a fresh nonce each time */
}

static void test_forged_or_garbled(void **state)
{
    (void)state;
    char *v = issued("ada@example.com");
    size_t len = strlen(v);
    char *t = arena_strdup(&arena, v);
    t[len - 1] = t[len - 1] == '0' ? '1' : '0'; /* the MAC */
    assert_null(nonce_for(t, "ada@example.com"));
    t = arena_strdup(&arena, v);
    t[0] = t[0] == 'a' ? 'b' : 'a'; /* the nonce */
    assert_null(nonce_for(t, "ada@example.com"));
    const char *bad[] = {"", "x", "abc.def.ghi", "..", v + 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_null(nonce_for(bad[i], "ada@example.com"));
    /* another server key */
    g_config.jwt_secret[0] ^= 1;
    assert_null(nonce_for(v, "ada@example.com"));
    g_config.jwt_secret[0] ^= 1;
    assert_non_null(nonce_for(v, "ada@example.com"));
}

static void test_expired(void **state)
{
    (void)state;
    const char *nonce = "00112233445566778899aabbccddeeff";
    long long past = (long long)time(NULL) - 10;
    char mac[MAC_HEX_LEN + 1];
    char *msg = arena_printf(&arena, "ada@example.com|%s|%lld", nonce, past);
    assert_int_equal(mac_hex(g_config.jwt_secret, 32, "deskpilot-device-v1:", msg, mac), 0);
    assert_null(nonce_for(arena_printf(&arena, "%s.%lld.%s", nonce, past, mac), "ada@example.com"));
    long long later = past + 3600;
    msg = arena_printf(&arena, "ada@example.com|%s|%lld", nonce, later);
    assert_int_equal(mac_hex(g_config.jwt_secret, 32, "deskpilot-device-v1:", msg, mac), 0);
    assert_string_equal(
        nonce_for(arena_printf(&arena, "%s.%lld.%s", nonce, later, mac), "ada@example.com"), nonce);
}

static void test_mac(void **state)
{
    (void)state;
    const unsigned char *k = g_config.jwt_secret;
    char a[MAC_HEX_LEN + 1], b[MAC_HEX_LEN + 1];
    assert_int_equal(mac_hex(k, 32, "one:", "msg", a), 0);
    assert_int_equal(mac_hex(k, 32, "two:", "msg", b), 0);
    assert_string_not_equal(a, b); /* domains are separate */
    assert_true(mac_hex_check(k, 32, "one:", "msg", a));
    assert_false(mac_hex_check(k, 32, "one:", "msh", a));
    assert_false(mac_hex_check(k, 32, "one:", "msg", b));
    assert_false(mac_hex_check(k, 32, "one:", "msg", NULL));
    assert_int_equal(mac_hex(k, 31, "one:", "msg", a), -1); /* a short key */
    assert_string_equal(a, "");
    assert_int_equal(mac_hex(k, 32, "one:", "", a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_its_account),
        cmocka_unit_test(test_forged_or_garbled),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_mac),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
