/* web_session: the browser session — the dp_token cookie, the anonymous dp_csrf
 * cookie and each role's home page. */
#ifndef DESKPILOT_WEB_SESSION_H
#define DESKPILOT_WEB_SESSION_H

#include "core/err.h"
#include "http/request.h"
#include "http/response.h"

/* Where a role starts: customer /support/, agent /agent/, admin /admin/,
 * nobody /login. A static string. */
const char *web_home(enum role role);
/* Where to go after signing in: next (the page that asked for it, ?next= on /login)
 * when it is a path of the role's own pages, else its home. */
const char *web_after_sign_in(const char *next, enum role role);
/* Set the session cookie to token: HttpOnly; SameSite=Strict; Path=/; Max-Age of
 * the token's lifetime; Secure when the request came over HTTPS. Copies token
 * into the arena. 0, or -1 (out of memory, header table full). */
int web_session_set(struct request *req, struct response *res, const char *token);
/* Expire the session cookie. 0 or -1. */
int web_session_clear(struct request *req, struct response *res);
/* The CSRF token to embed in this request's forms, in the arena: bound to the
 * session when signed in; otherwise to the dp_csrf cookie, which is set on res
 * when the browser has none (or a malformed one). NULL when out of memory or
 * the CSPRNG failed. */
const char *web_session_csrf(struct request *req, struct response *res);

#endif
