/* account: sign-in and sign-up rules, shared by the JSON API and the pages. */
#ifndef DESKPILOT_USER_ACCOUNT_H
#define DESKPILOT_USER_ACCOUNT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_users.h"
#include "json/validate.h"

/* The field table of a registration: email (trimmed, e-mail shaped, 3..254),
 * password (8..128 bytes), name (1..100 characters), in this order. */
enum { USER_REG_EMAIL, USER_REG_PASSWORD, USER_REG_NAME, USER_REG_NFIELDS };
extern const struct field_spec user_register_fields[USER_REG_NFIELDS];

/* The field table of a sign-in: email (trimmed, 1..254), password (1..1024 bytes). */
enum { USER_SIGNIN_EMAIL, USER_SIGNIN_PASSWORD, USER_SIGNIN_NFIELDS };
extern const struct field_spec user_sign_in_fields[USER_SIGNIN_NFIELDS];

/* Check e-mail + password with the brute-force limits: too many recent failures
 * for the e-mail or the address is 429 (err->retry_after set) before any
 * password is looked at; an unknown e-mail burns the time of a verification; a
 * wrong password, unknown e-mail or disabled account records a failure and is one
 * generic 401. Success clears the e-mail's failures and fills *u (strings in the
 * arena). email is lower-cased into the arena first; ip may be NULL. */
int user_sign_in(struct arena *a, const char *email, size_t email_len, const char *password,
                 size_t password_len, const char *ip, struct user *u, struct app_err *err);

/* Create a customer from fields validated by user_register_fields (values as
 * validate_json returned them): e-mail lower-cased, password hashed at the
 * configured cost. A taken e-mail is 409 conflict with a field error on "email"
 * as well. Fills *u with the new row. */
int user_register(struct arena *a, const struct field_value *v, struct user *u,
                  struct app_err *err);

#endif
