/* web_session: cookie headers for the session and the anonymous CSRF nonce. */
#include "web/web_session.h"

#include <string.h>

#include "auth/auth.h"
#include "core/config.h"
#include "web/web_csrf.h"

const char *web_home(enum role role)
{
    switch (role) {
    case ROLE_CUSTOMER:
        return "/support/";
    case ROLE_AGENT:
        return "/agent/";
    case ROLE_ADMIN:
        return "/admin/";
    case ROLE_NONE:
        break;
    }
    return "/login";
}

/* Whether path is in the area of role's pages (an admin works the agents' too). */
static bool in_area(const char *path, enum role role)
{
    switch (role) {
    case ROLE_CUSTOMER:
        return strncmp(path, "/support/", 9) == 0;
    case ROLE_AGENT:
        return strncmp(path, "/agent/", 7) == 0;
    case ROLE_ADMIN:
        return strncmp(path, "/admin/", 7) == 0 || strncmp(path, "/agent/", 7) == 0;
    case ROLE_NONE:
        break;
    }
    return false;
}

const char *web_after_sign_in(const char *next, enum role role)
{
    /* Only a path of our own pages, in the signed-in role's area: never another host
     * ("//host", "\\host"), never a scheme, nothing that could split a header. */
    if (!next || strlen(next) > 512 || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
        !in_area(next, role))
        return web_home(role);
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '\\')
            return web_home(role);
    return next;
}

static int set_cookie(struct request *req, struct response *res, const char *name,
                      const char *value, long long max_age)
{
    return response_cookie(res, req->arena, name, value, max_age, req->https);
}

int web_session_set(struct request *req, struct response *res, const char *token)
{
    return set_cookie(req, res, AUTH_COOKIE, token, g_config.jwt_ttl);
}

int web_session_clear(struct request *req, struct response *res)
{
    return set_cookie(req, res, AUTH_COOKIE, "", 0);
}

const char *web_session_csrf(struct request *req, struct response *res)
{
    char tok[WEB_CSRF_LEN + 1];
    const unsigned char *key = g_config.jwt_secret;
    size_t keylen = g_config.jwt_secret_len;
    if (req->user.id > 0 && req->user.jti && *req->user.jti) {
        const char *s = arena_printf(req->arena, "jti:%s", req->user.jti);
        if (!s || web_csrf_token(key, keylen, s, tok))
            return NULL;
        return arena_strdup(req->arena, tok);
    }
    const char *nonce = request_cookie(req, WEB_CSRF_COOKIE);
    if (!web_csrf_nonce_ok(nonce)) {
        char fresh[WEB_CSRF_LEN + 1];
        if (web_csrf_nonce(fresh) || !(nonce = arena_strdup(req->arena, fresh)) ||
            set_cookie(req, res, WEB_CSRF_COOKIE, nonce, -1))
            return NULL;
    }
    const char *s = arena_printf(req->arena, "anon:%s", nonce);
    if (!s || web_csrf_token(key, keylen, s, tok))
        return NULL;
    return arena_strdup(req->arena, tok);
}
