/* password_reset: "Forgot password?" — a single-use, expiring link by mail whose
 * token is stored only as its SHA-256, the same answer whether the address has an
 * account or not, rate-limited, and every session of the user ended by a reset.
 * Shared by the JSON API (auth group) and the pages; the sender (outbox_send.c)
 * draws the token when it builds the mail. */
#ifndef DESKPILOT_USER_PASSWORD_RESET_H
#define DESKPILOT_USER_PASSWORD_RESET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "json/validate.h"

#define PASSWORD_RESET_TOKEN_LEN 64 /* hex characters: 32 random bytes */

/* How often one may ask, past the free requests each counter grows a wait that
 * doubles from a minute up to an hour (login_limits, like the sign-in limits): 3
 * mails per address asked for, 10 requests per client address (any addresses). */
#define PASSWORD_RESET_PER_ACCOUNT 3
#define PASSWORD_RESET_PER_CLIENT 10

/* The request: email (trimmed, 1..254). */
enum { RESET_REQ_EMAIL, RESET_REQ_NFIELDS };
extern const struct field_spec password_reset_request_fields[RESET_REQ_NFIELDS];
/* The confirmation: token (64 characters), password (the sign-up rule). */
enum { RESET_CONFIRM_TOKEN, RESET_CONFIRM_PASSWORD, RESET_CONFIRM_NFIELDS };
extern const struct field_spec password_reset_confirm_fields[RESET_CONFIRM_NFIELDS];

/* Ask for a reset link for email (client address ip, may be NULL). Answers 0 the
 * same way whether an account has the address or not, doing about the same work:
 * the limits are counted per address asked for and per client (429 with
 * err->retry_after past them, for any address), then in one transaction an active
 * account gets a reset (valid DESKPILOT_RESET_TTL) with its mail queued, and every
 * request is audited (user.password_reset_requested; an unknown address is not
 * written down). With mail off nothing can be sent: the answer is still 0. */
int password_reset_request(struct arena *a, const char *email, size_t email_len, const char *ip,
                           struct app_err *err);

/* Set a new password with a token from the mail (fields validated by
 * password_reset_confirm_fields). The token is used up atomically: it works once,
 * before it expires, for an account that is not disabled; else 422 on "token".
 * The password gets the sign-up rule (422 on "password"). Then every other link of
 * the user ends, every token issued so far is refused (users.tokens_valid_from)
 * and the reset is audited (user.password_reset), all in one transaction.
 * *user_id receives the account. */
int password_reset_confirm(struct arena *a, const struct field_value *v, long long *user_id,
                           struct app_err *err);

/* *live: token (as it came, any text) names a reset that is unused and unexpired —
 * for the page the link opens, which then shows the form. */
int password_reset_live(const char *token, bool *live, struct app_err *err);

/* For the sender: draw the token of reset id's mail into token (hex, NUL-ended) and
 * keep only its hash; *live false (no token) when the reset was used or expired
 * meanwhile. A retried mail draws a new token: the newest link is the one that works. */
int password_reset_mail_token(long long id, char token[PASSWORD_RESET_TOKEN_LEN + 1], bool *live,
                              struct app_err *err);

#endif
