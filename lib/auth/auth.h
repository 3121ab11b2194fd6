/* auth: who is calling — the bearer token or page cookie checked against the live user row. */
#ifndef DESKPILOT_AUTH_AUTH_H
#define DESKPILOT_AUTH_AUTH_H

#include "core/err.h"
#include "http/request.h"

#define AUTH_COOKIE "dp_token"

/* The JSON API's authenticate hook: reads "Authorization: Bearer" only, verifies
 * the token, then re-reads the user so a disabled account stops at once and a
 * changed role applies at once. Fills req->user. 401 unauthorized for anything
 * wrong, 503 when the database is down. The page cookie is not enough: a browser
 * sends it with any same-site request (another port, a sibling subdomain), and the
 * API checks no CSRF token, so a page elsewhere could act as the user. */
int auth_authenticate(struct request *req, struct app_err *err);
/* The pages' hook: the bearer token or, when absent, the AUTH_COOKIE cookie (every
 * page form carries a CSRF token, checked by the dispatcher). */
int auth_authenticate_page(struct request *req, struct app_err *err);
/* End the caller's token now (logout): it is refused from then on, even if a
 * copy outlives the cookie. */
int auth_revoke(const struct principal *who, struct app_err *err);
/* Issue a token for user u (its id, role and tokens_valid_from) with the configured
 * key and TTL (malloc'd, caller frees); its id into jti[TOKEN_JTI_LEN + 1] unless
 * jti is NULL. */
struct user;
char *auth_issue_token(const struct user *u, char *jti);

#endif
