/* mail_account: the account a mail is filed under — its sender's. */
#ifndef DESKPILOT_USER_MAIL_ACCOUNT_H
#define DESKPILOT_USER_MAIL_ACCOUNT_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_users.h"

/* What a mail-made account's password_hash holds: not a bcrypt hash, so no
 * password ever matches it (password_verify refuses malformed hashes). The
 * customer signs in once they set a password (password reset). */
#define MAIL_ACCOUNT_NO_PASSWORD "!mail"

/* The user with address email (lower case), or a new customer with that address,
 * the given name and no usable password (*created). 422 when the address is not
 * shaped like an account's (the registration rule); 403 when the account is
 * disabled. Fills *u (strings in the arena). */
int user_for_mail(struct arena *a, const char *email, const char *name, struct user *u,
                  bool *created, struct app_err *err);

#endif
