/* auth: request authentication shared by every endpoint group. */
#include "auth/auth.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/token.h"
#include "core/config.h"
#include "db/db_users.h"

static const char *bearer(const struct request *req)
{
    const char *h = request_header(req, "AUTHORIZATION");
    if (!h)
        return NULL;
    if (strncasecmp(h, "Bearer ", 7) != 0)
        return "";
    h += 7;
    while (*h == ' ')
        h++;
    return h;
}

static int authenticate(struct request *req, const char *tok, struct app_err *err)
{
    if (!tok || !*tok)
        return err_set(err, ERR_UNAUTHORIZED, "sign in first: a bearer token is required");
    struct token_claims c;
    if (token_verify(g_config.jwt_secret, g_config.jwt_secret_len, tok, (long long)time(NULL), &c))
        return err_set(err, ERR_UNAUTHORIZED, "the token is invalid or expired");
    struct user u;
    bool found = false;
    long long tickets = 0;
    if (db_users_by_token(req->arena, c.sub, c.jti, c.iat, &u, &tickets, &found, err))
        return -1;
    if (!found || u.disabled)
        return err_set(err, ERR_UNAUTHORIZED, "the token is invalid or expired");
    req->user.id = u.id;
    req->user.role = u.role;
    req->user.email = u.email;
    req->user.name = u.name;
    req->user.jti = arena_strdup(req->arena, c.jti);
    req->user.exp = c.exp;
    req->user.tickets_this_hour = tickets; /* with the row every request reads anyway */
    return req->user.jti ? 0 : err_unavailable(err, "out of memory");
}

int auth_authenticate(struct request *req, struct app_err *err)
{
    return authenticate(req, bearer(req), err);
}

int auth_authenticate_page(struct request *req, struct app_err *err)
{
    const char *tok = bearer(req);
    return authenticate(req, tok ? tok : request_cookie(req, AUTH_COOKIE), err);
}

int auth_revoke(const struct principal *who, struct app_err *err)
{
    if (!who->jti || !*who->jti)
        return 0;
    return db_tokens_revoke(who->jti, who->exp, err);
}

char *auth_issue_token(const struct user *u, char *jti)
{
    /* A token issued in the second of a password reset would otherwise fall before
     * the bound (db_password_reset_apply): it starts at the bound, well within the
     * 60 s leeway token_verify allows an iat. */
    long long now = (long long)time(NULL);
    if (u->tokens_valid_from > now)
        now = u->tokens_valid_from;
    return token_issue(g_config.jwt_secret, g_config.jwt_secret_len, u->id, role_name(u->role), now,
                       g_config.jwt_ttl, jti);
}
