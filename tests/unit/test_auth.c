/* test_auth: bcrypt hashing and JWT verification, including every forgery libjwt lets through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "user/password.h"

static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
static const unsigned char other[] = "fedcba9876543210fedcba9876543210";
#define KLEN 32
#define NOW 1800000000LL

static void test_hash_verify(void **state)
{
    (void)state;
    char h[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("correct horse", 13, 4, h), 0);
    assert_int_equal(strncmp(h, "$2b$04$", 7), 0);
    assert_int_equal(strlen(h), 60);
    assert_true(password_verify("correct horse", 13, h));
    assert_false(password_verify("correct horsf", 13, h));
    assert_false(password_verify("", 0, h));
    char h2[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("correct horse", 13, 4, h2), 0);
    assert_string_not_equal(h, h2); /* salted */
}

static void test_malformed_hash(void **state)
{
    (void)state;
    assert_false(password_verify("x", 1, NULL));
    assert_false(password_verify("x", 1, ""));
    assert_false(password_verify("x", 1, "$2b$04$short"));
    assert_false(password_verify("x", 1, "*0"));
    assert_false(password_verify("x", 1, "$1$abcdefgh$abcdefghijklmnopqrstuv"));
    assert_false(
        password_verify("x", 1, "$2b$04$!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"));
    assert_int_equal(password_hash("x", 1, 3, (char[PASSWORD_HASH_MAX]){0}), -1);
    /* every byte counts, even after a NUL */
    char h[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("a\0b", 3, 4, h), 0);
    assert_true(password_verify("a\0b", 3, h));
    assert_false(password_verify("a", 1, h));
}

static void test_digest_is_not_a_password(void **state)
{
    (void)state;
    /* base64(SHA-256(pw)) typed as the password must not open the account, for
     * long passwords (past bcrypt's 72 bytes) as for short ones */
    char h[PASSWORD_HASH_MAX], digest[64];
    unsigned char raw[SHA256_DIGEST_LENGTH];
    char long_pw[100];
    memset(long_pw, 'z', sizeof long_pw);
    const struct {
        const char *pw;
        size_t len;
    } cases[] = {{"password1", 9}, {long_pw, sizeof long_pw}};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(password_hash(cases[i].pw, cases[i].len, 4, h), 0);
        assert_true(password_verify(cases[i].pw, cases[i].len, h));
        SHA256((const unsigned char *)cases[i].pw, cases[i].len, raw);
        EVP_EncodeBlock((unsigned char *)digest, raw, sizeof raw);
        assert_false(password_verify(digest, strlen(digest), h));
    }
}

static void test_long_passwords_count_every_byte(void **state)
{
    (void)state;
    char a[100], b[100], h[PASSWORD_HASH_MAX];
    memset(a, 'x', sizeof a);
    memcpy(b, a, sizeof b);
    b[90] = 'y'; /* differs past bcrypt's 72 bytes */
    assert_int_equal(password_hash(a, sizeof a, 4, h), 0);
    assert_true(password_verify(a, sizeof a, h));
    assert_false(password_verify(b, sizeof b, h));
    assert_false(password_verify(a, 72, h));
}

static void test_token_roundtrip(void **state)
{
    (void)state;
    char jti[TOKEN_JTI_LEN + 1];
    char *t = token_issue(key, KLEN, 42, "agent", NOW, 3600, jti);
    assert_non_null(t);
    struct token_claims c;
    assert_int_equal(token_verify(key, KLEN, t, NOW + 10, &c), 0);
    assert_int_equal(c.sub, 42);
    assert_string_equal(c.role, "agent");
    assert_int_equal(c.exp, NOW + 3600);
    assert_int_equal(strlen(c.jti), 32);
    assert_string_equal(jti, c.jti); /* the issuer learns the id it put in */
    /* expired, and exactly at exp */
    assert_int_equal(token_verify(key, KLEN, t, NOW + 3600, &c), -1);
    assert_int_equal(token_verify(key, KLEN, t, NOW + 7200, &c), -1);
    /* issued in the future */
    assert_int_equal(token_verify(key, KLEN, t, NOW - 3600, &c), -1);
    /* wrong key, short key, NULL key */
    assert_int_equal(token_verify(other, KLEN, t, NOW, &c), -1);
    assert_int_equal(token_verify(key, 16, t, NOW, &c), -1);
    assert_int_equal(token_verify(NULL, 0, t, NOW, &c), -1);
    assert_null(token_issue(key, 8, 42, "agent", NOW, 3600, NULL));
    free(t);
}

static void test_tampered_and_garbage(void **state)
{
    (void)state;
    char *t = token_issue(key, KLEN, 42, "customer", NOW, 3600, NULL);
    struct token_claims c;
    /* swap the payload for one claiming admin, keep the signature */
    char *dot1 = strchr(t, '.'), *dot2 = strrchr(t, '.');
    jwt_t *j;
    jwt_new(&j);
    jwt_add_grant(j, "sub", "42");
    jwt_add_grant(j, "role", "admin");
    jwt_add_grant_int(j, "iat", NOW);
    jwt_add_grant_int(j, "exp", NOW + 3600);
    jwt_add_grant(j, "jti", "x");
    jwt_set_alg(j, JWT_ALG_HS256, key, KLEN);
    char *forged = jwt_encode_str(j);
    char *fdot1 = strchr(forged, '.'), *fdot2 = strrchr(forged, '.');
    char mix[2048];
    snprintf(mix, sizeof mix, "%.*s%.*s%s", (int)(dot1 - t), t, (int)(fdot2 - fdot1), fdot1, dot2);
    assert_int_equal(token_verify(key, KLEN, mix, NOW, &c), -1);
    const char *garbage[] = {"", "a", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..", "Bearer"};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++)
        assert_int_equal(token_verify(key, KLEN, garbage[i], NOW, &c), -1);
    char huge[4096];
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = 0;
    assert_int_equal(token_verify(key, KLEN, huge, NOW, &c), -1);
    jwt_free(j);
    free(forged);
    free(t);
}

static char *make(jwt_alg_t alg, const unsigned char *k, int klen, int with_sub, int with_jti,
                  int exp_as_string)
{
    jwt_t *j;
    jwt_new(&j);
    if (with_sub)
        jwt_add_grant(j, "sub", "7");
    jwt_add_grant(j, "role", "admin");
    jwt_add_grant_int(j, "iat", NOW);
    if (exp_as_string)
        jwt_add_grant(j, "exp", "1900000000");
    else
        jwt_add_grant_int(j, "exp", NOW + 60);
    if (with_jti)
        jwt_add_grant(j, "jti", "abc");
    jwt_set_alg(j, alg, k, klen);
    char *t = jwt_encode_str(j);
    jwt_free(j);
    return t;
}

static void test_algorithms_and_claims(void **state)
{
    (void)state;
    struct token_claims c;
    char *ok = make(JWT_ALG_HS256, key, KLEN, 1, 1, 0);
    assert_int_equal(token_verify(key, KLEN, ok, NOW, &c), 0);
    char *none = make(JWT_ALG_NONE, NULL, 0, 1, 1, 0);
    assert_int_equal(token_verify(key, KLEN, none, NOW, &c), -1);
    char *hs512 = make(JWT_ALG_HS512, key, KLEN, 1, 1, 0); /* libjwt itself accepts this */
    assert_int_equal(token_verify(key, KLEN, hs512, NOW, &c), -1);
    char *hs384 = make(JWT_ALG_HS384, key, KLEN, 1, 1, 0);
    assert_int_equal(token_verify(key, KLEN, hs384, NOW, &c), -1);
    char *nosub = make(JWT_ALG_HS256, key, KLEN, 0, 1, 0);
    assert_int_equal(token_verify(key, KLEN, nosub, NOW, &c), -1);
    char *nojti = make(JWT_ALG_HS256, key, KLEN, 1, 0, 0);
    assert_int_equal(token_verify(key, KLEN, nojti, NOW, &c), -1);
    char *strexp = make(JWT_ALG_HS256, key, KLEN, 1, 1, 1); /* libjwt reads it as 0 */
    assert_int_equal(token_verify(key, KLEN, strexp, NOW, &c), -1);
    free(ok);
    free(none);
    free(hs512);
    free(hs384);
    free(nosub);
    free(nojti);
    free(strexp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_verify),
        cmocka_unit_test(test_malformed_hash),
        cmocka_unit_test(test_long_passwords_count_every_byte),
        cmocka_unit_test(test_digest_is_not_a_password),
        cmocka_unit_test(test_token_roundtrip),
        cmocka_unit_test(test_tampered_and_garbage),
        cmocka_unit_test(test_algorithms_and_claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
