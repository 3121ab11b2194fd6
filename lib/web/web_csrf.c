/* web_csrf: HMAC-SHA256 form tokens and the dispatcher's CSRF hook. */
#include "web/web_csrf.h"

#include <openssl/rand.h>
#include <string.h>

#include "core/config.h"
#include "core/mac.h"
#include "http/router.h"
#include "web/web_form.h"

/* Domain separation: the same key signs JWTs and cursors; a CSRF token must never
 * be mistaken for either. */
static const char token_prefix[] = "deskpilot-csrf-v1:";

int web_csrf_token(const unsigned char *key, size_t keylen, const char *session,
                   char out[WEB_CSRF_LEN + 1])
{
    _Static_assert(WEB_CSRF_LEN == MAC_HEX_LEN, "a token is one MAC");
    /* Sessions are short ("jti:" + 32, "anon:" + 64); a longer one is not ours. */
    if (!session || strlen(session) > 128) {
        out[0] = '\0';
        return -1;
    }
    return mac_hex(key, keylen, token_prefix, session, out);
}

bool web_csrf_check(const unsigned char *key, size_t keylen, const char *session, const char *token)
{
    return session && strlen(session) <= 128 &&
           mac_hex_check(key, keylen, token_prefix, session, token);
}

int web_csrf_nonce(char out[WEB_CSRF_LEN + 1])
{
    unsigned char raw[WEB_CSRF_LEN / 2];
    out[0] = '\0';
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    mac_to_hex(raw, sizeof raw, out);
    return 0;
}

bool web_csrf_nonce_ok(const char *s)
{
    return s && strlen(s) == WEB_CSRF_LEN && strspn(s, "0123456789abcdef") == WEB_CSRF_LEN;
}

/* The session string a signed-in user's tokens are bound to, or NULL. */
static const char *user_session(struct request *req)
{
    if (req->user.id <= 0 || !req->user.jti || !*req->user.jti)
        return NULL;
    return arena_printf(req->arena, "jti:%s", req->user.jti);
}

static const char *anon_session(struct request *req)
{
    const char *c = request_cookie(req, WEB_CSRF_COOKIE);
    if (!web_csrf_nonce_ok(c))
        return NULL;
    return arena_printf(req->arena, "anon:%s", c);
}

int web_check_csrf(struct request *req, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    const char *tok = web_form_get(&f, WEB_CSRF_FIELD);
    const unsigned char *key = g_config.jwt_secret;
    size_t keylen = g_config.jwt_secret_len;
    const char *s = user_session(req);
    if (s && web_csrf_check(key, keylen, s, tok))
        goto ok;
    /* Only the anonymous forms may rely on the cookie: a signed-in action must
     * carry the token of the session that performs it. */
    unsigned need_auth = RF_AUTH | RF_AGENT | RF_ADMIN | RF_CUSTOMER;
    if (req->route && !(req->route->flags & need_auth)) {
        s = anon_session(req);
        if (s && web_csrf_check(key, keylen, s, tok))
            goto ok;
    }
    return err_set(err, ERR_FORBIDDEN,
                   "This form has expired or did not come from this site. "
                   "Go back, reload the page and try again.");
ok:
    req->csrf_ok = 1;
    return 0;
}
