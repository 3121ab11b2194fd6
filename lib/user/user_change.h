/* user_change: changing a user's role or access, with the last-admin rule — the one
 * implementation behind PATCH /api/admin/users/{id} and the /admin/users page. */
#ifndef DESKPILOT_USER_CHANGE_H
#define DESKPILOT_USER_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_users.h"

/* "customer", "agent", "admin", NULL: the roles an admin may give (an allowlist
 * for field_spec tables). */
extern const char *const user_roles[];

/* Set user id's role and/or disabled flag (NULL = keep) as admin `actor`, in one
 * transaction: 404 when there is no such user; 409 conflict when the change would
 * leave no active admin (the last-admin rule; nothing is written); otherwise the
 * change is audited as "user.update" (target "user:<id>", detail the old and new
 * values). *out receives the user as it is afterwards, strings in a. 503 when the
 * database is down. */
int user_change(struct arena *a, long long actor, long long id, const enum role *role,
                const bool *disabled, struct user *out, struct app_err *err);

/* Create the account email (lower-cased into a) with name, role and password, or
 * with update, give an existing one of that e-mail this name, role and password
 * and enable it, audited as "user.reset" (actor 0, the operator): the operator's
 * "user add". 409 when it exists and !update (nothing changed); 422 for a password
 * outside 8..128 bytes. *id (may be NULL) receives the user. */
int user_add(struct arena *a, const char *email, const char *name, enum role role,
             const char *password, size_t password_len, bool update, long long *id,
             struct app_err *err);

/* The operator's explicit changes to an existing account by e-mail (the CLI's
 * "user set-password" / "user enable" / "user disable"), each audited with actor 0:
 * a new password ("user.password"; 422 outside 8..128 bytes), or the disabled flag
 * through user_change (the last-admin rule applies). 404 when there is no such user. */
int user_set_password(struct arena *a, const char *email, const char *password, size_t password_len,
                      struct app_err *err);
int user_set_disabled(struct arena *a, const char *email, bool disabled, struct app_err *err);

#endif
