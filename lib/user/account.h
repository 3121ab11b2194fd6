/* account: sign-in and sign-up rules, shared by the JSON API and the pages. */
#ifndef DESKPILOT_USER_ACCOUNT_H
#define DESKPILOT_USER_ACCOUNT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_login.h"
#include "db/db_users.h"
#include "json/validate.h"

/* The password rule of every form that sets one (sign-up, reset): 8..128 bytes. */
#define USER_PASSWORD_SPEC                                                                         \
    {                                                                                              \
        "password", FT_STRING, FS_REQUIRED | FS_BYTES, 8, 128, 0, 0, NULL                          \
    }

/* The field table of a registration: email (trimmed, e-mail shaped, 3..254),
 * password (8..128 bytes), name (1..100 characters), in this order. */
enum { USER_REG_EMAIL, USER_REG_PASSWORD, USER_REG_NAME, USER_REG_NFIELDS };
extern const struct field_spec user_register_fields[USER_REG_NFIELDS];

/* The field table of a sign-in: email (trimmed, 1..254), password (1..1024 bytes). */
enum { USER_SIGNIN_EMAIL, USER_SIGNIN_PASSWORD, USER_SIGNIN_NFIELDS };
extern const struct field_spec user_sign_in_fields[USER_SIGNIN_NFIELDS];

/* A copy of e-mail s[0..n) lower-cased, as accounts store it (arena; NULL when out
 * of memory). */
char *user_email_lower(struct arena *a, const char *s, size_t n);

/* Take one attempt from each of n (at most USER_LIMITS_MAX) counters of
 * login_limits (db_login.h), keys[i] growing by rules[i]: refused with 429
 * (message, err->retry_after set) while any of them waits, changing nothing. An
 * attempt is counted as a failure in advance; a caller whose attempt turned out
 * fine gives it back (db_login_give_back). Also prunes expired counters. */
#define USER_LIMITS_MAX 4
int user_limits_take(const struct login_key *keys, const struct login_rule *rules, int n,
                     const char *message, struct app_err *err);

/* Check e-mail + password under the sign-in limits (db_login.h): the attempt is
 * counted before any password is looked at, and refused with 429 (err->retry_after
 * set) while a counter it answers to waits. device is the nonce of a valid device
 * cookie for this e-mail (auth_device_nonce) or NULL; ip may be NULL. An unknown
 * e-mail burns the time of a verification; a wrong password, unknown e-mail or
 * disabled account is one generic 401. Success starts the client's count over,
 * marks the address known for the account and fills *u (strings in the arena).
 * email is lower-cased into the arena first. */
int user_sign_in(struct arena *a, const char *email, size_t email_len, const char *password,
                 size_t password_len, const char *ip, const char *device, struct user *u,
                 struct app_err *err);

/* Create a customer from fields validated by user_register_fields (values as
 * validate_json returned them): e-mail lower-cased, password hashed at the
 * configured cost. First the address ip (may be NULL) must be within the sign-up
 * quota (setting signup_quota per clock hour; every attempt counts): else 429 with
 * err->retry_after the seconds to the next hour. A taken e-mail is 409 conflict
 * with a field error on "email" as well. Fills *u with the new row. */
int user_register(struct arena *a, const struct field_value *v, const char *ip, struct user *u,
                  struct app_err *err);

#endif
