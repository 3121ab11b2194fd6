/* db_users: the users table and revoked tokens. */
#ifndef DESKPILOT_DB_USERS_H
#define DESKPILOT_DB_USERS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"

struct user {
    long long id;
    const char *email;
    const char *name;
    enum role role;
    bool disabled;
    const char *created_at; /* RFC 3339 */
    const char *password_hash;
    long long tokens_valid_from; /* unix seconds: tokens issued before are refused (reset) */
};

/* Strings in results are arena copies, borrowed until the arena resets. */

/* Insert a user; DB_DUPLICATE when the e-mail exists (err unset), else 0 / -1. */
int db_users_create(const char *email, const char *name, enum role role, const char *hash,
                    long long *id, struct app_err *err);
/* Set name, role, hash and enable the user with this e-mail (for the CLI). 0, 1 if none. */
int db_users_update_by_email(const char *email, const char *name, enum role role, const char *hash,
                             struct app_err *err);
/* Set the password hash of user id (for the CLI's set-password). 0, 1 if none. */
int db_users_set_password(long long id, const char *hash, struct app_err *err);
/* Look up by e-mail / id; *found says whether a row was there. */
int db_users_by_email(struct arena *a, const char *email, struct user *u, bool *found,
                      struct app_err *err);
int db_users_by_id(struct arena *a, long long id, struct user *u, bool *found, struct app_err *err);
/* The user of a token: like db_users_by_id, but not found when the token's jti
 * was revoked or it was issued (iat) before the user's tokens_valid_from (one query for every
 * authenticated request, which also notes the cache generation for the request: db_generation.h,
 * and brings the tickets the user filed in this clock hour for the ticket quota: sql/011). */
int db_users_by_token(struct arena *a, long long id, const char *jti, long long iat, struct user *u,
                      long long *tickets_this_hour, bool *found, struct app_err *err);
/* End a token before its expiry (unix time); also forgets long-expired entries. */
int db_tokens_revoke(const char *jti, long long expires_at, struct app_err *err);

/* One page of users, id ascending, after cursor id `after`, optional role filter.
 * Fills up to limit entries in out (arena array) and *n. */
int db_users_list(struct arena *a, enum role role, long long after, int limit, struct user **out,
                  int *n, struct app_err *err);
/* Change role and/or disabled (NULL = keep), refusing to leave no active admin:
 * runs in the caller's transaction and locks the admin rows. *last_admin is set
 * when the change was refused for that reason. */
int db_users_patch(long long id, const enum role *role, const bool *disabled, bool *last_admin,
                   struct app_err *err);

#endif
