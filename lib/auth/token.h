/* token: HS256 JWTs issued and verified with every check libjwt 1.10 leaves to us. */
#ifndef DESKPILOT_AUTH_TOKEN_H
#define DESKPILOT_AUTH_TOKEN_H

#include <stddef.h>

#define TOKEN_JTI_LEN 32

struct token_claims {
    long long sub;
    char role[16];
    long long iat, exp;
    char jti[TOKEN_JTI_LEN + 1];
};

/* Issue a token for user id `sub` with role, valid ttl seconds from now; its id (the
 * jti claim) into jti[TOKEN_JTI_LEN + 1] unless jti is NULL. Returns a malloc'd
 * string (caller frees) or NULL. key must be >= 32 bytes. */
char *token_issue(const unsigned char *key, size_t keylen, long long sub, const char *role,
                  long long now, long long ttl, char *jti);
/* Verify: signature with key (never a NULL or short key), algorithm exactly HS256,
 * claims sub (positive integer string), role, iat, exp and jti all present and
 * well-typed, iat not in the future (60 s leeway), exp > now. 0 or -1. */
int token_verify(const unsigned char *key, size_t keylen, const char *token, long long now,
                 struct token_claims *out);

#endif
