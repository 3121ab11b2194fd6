/* token: libjwt wrapped so that a decoded token is only trusted after our own checks. */
#include "auth/token.h"

#include <errno.h>
#include <jwt.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

#define TOKEN_MAX_LEN 2048
#define CLOCK_LEEWAY 60

char *token_issue(const unsigned char *key, size_t keylen, long long sub, const char *role,
                  long long now, long long ttl, char *jti_out)
{
    if (!key || keylen < 32 || sub <= 0 || !role)
        return NULL;
    unsigned char raw[TOKEN_JTI_LEN / 2];
    char jti[TOKEN_JTI_LEN + 1], subs[24];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return NULL;
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(jti + 2 * i, 3, "%02x", raw[i]);
    snprintf(subs, sizeof subs, "%lld", sub);
    jwt_t *j = NULL;
    char *out = NULL;
    if (jwt_new(&j) == 0 && jwt_add_grant(j, "sub", subs) == 0 &&
        jwt_add_grant(j, "role", role) == 0 && jwt_add_grant_int(j, "iat", now) == 0 &&
        jwt_add_grant_int(j, "exp", now + ttl) == 0 && jwt_add_grant(j, "jti", jti) == 0 &&
        jwt_set_alg(j, JWT_ALG_HS256, key, (int)keylen) == 0)
        out = jwt_encode_str(j);
    jwt_free(j);
    if (out && jti_out)
        memcpy(jti_out, jti, sizeof jti);
    return out;
}

/* jwt_get_grant_int reads a string claim as 0 without error, so check the type
 * through the JSON text of the claim. */
static int int_claim(jwt_t *j, const char *name, long long *out)
{
    char *json = jwt_get_grants_json(j, name);
    if (!json)
        return -1;
    int rc = num_parse_ll(json, 0, 4102444800LL, out); /* plain integer up to year 2100 */
    free(json);
    return rc;
}

static int str_claim(jwt_t *j, const char *name, char *out, size_t outlen)
{
    errno = 0;
    const char *v = jwt_get_grant(j, name);
    if (!v || !*v || strlen(v) >= outlen)
        return -1;
    strcpy(out, v);
    return 0;
}

int token_verify(const unsigned char *key, size_t keylen, const char *token, long long now,
                 struct token_claims *out)
{
    memset(out, 0, sizeof *out);
    if (!key || keylen < 32 || !token || !*token || strlen(token) > TOKEN_MAX_LEN)
        return -1;
    jwt_t *j = NULL;
    if (jwt_decode(&j, token, key, (int)keylen) != 0 || !j)
        return -1;
    int rc = -1;
    char sub[24];
    if (jwt_get_alg(j) != JWT_ALG_HS256)
        goto out;
    if (str_claim(j, "sub", sub, sizeof sub) || num_parse_ll(sub, 1, (1LL << 62), &out->sub))
        goto out;
    if (str_claim(j, "role", out->role, sizeof out->role) ||
        str_claim(j, "jti", out->jti, sizeof out->jti))
        goto out;
    if (int_claim(j, "iat", &out->iat) || int_claim(j, "exp", &out->exp))
        goto out;
    if (out->exp <= now || out->iat > now + CLOCK_LEEWAY || out->exp <= out->iat)
        goto out;
    rc = 0;
out:
    jwt_free(j);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
