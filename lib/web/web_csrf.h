/* web_csrf: CSRF tokens for the HTML forms — HMAC-bound to the session, or to a
 * double-submit cookie for the anonymous login and sign-up forms. */
#ifndef DESKPILOT_WEB_CSRF_H
#define DESKPILOT_WEB_CSRF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "http/request.h"

#define WEB_CSRF_LEN 64           /* hex characters of a token or a nonce */
#define WEB_CSRF_FIELD "csrf"     /* the hidden form field */
#define WEB_CSRF_COOKIE "dp_csrf" /* the anonymous double-submit cookie */

/* Pure token logic (no configuration, no request), so it can be unit-tested.
 * A token is hex(HMAC-SHA256(key, "deskpilot-csrf-v1:" session)), where session
 * names what the token is bound to: "jti:<the JWT's jti>" for a signed-in user,
 * "anon:<the dp_csrf cookie>" before sign-in. */

/* Write the token for session into out (WEB_CSRF_LEN + 1 bytes, NUL-terminated).
 * Returns 0, or -1 for a NULL or empty session, a key under 32 bytes or an
 * HMAC failure (then out is ""). */
int web_csrf_token(const unsigned char *key, size_t keylen, const char *session,
                   char out[WEB_CSRF_LEN + 1]);
/* True when token is exactly the token for session. Compared in constant time;
 * NULL or empty arguments, another length or a failed HMAC are false. */
bool web_csrf_check(const unsigned char *key, size_t keylen, const char *session,
                    const char *token);
/* A fresh random nonce for the dp_csrf cookie (32 bytes from the CSPRNG, hex).
 * Returns 0, or -1 when the CSPRNG fails. */
int web_csrf_nonce(char out[WEB_CSRF_LEN + 1]);
/* True when s has the shape of a nonce (WEB_CSRF_LEN lower-case hex digits). */
bool web_csrf_nonce_ok(const char *s);

/* The app's check_csrf hook for RF_FORM routes. The form field `csrf` must be the
 * token of the signed-in session; on routes that need no sign-in (login, sign-up)
 * the token of the dp_csrf cookie is accepted as well. Anything else is 403;
 * a malformed body is 400. */
int web_check_csrf(struct request *req, struct app_err *err);

#endif
