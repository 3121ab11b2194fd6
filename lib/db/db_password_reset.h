/* db_password_reset: the password-reset links (password_resets, sql/021) and what a
 * reset changes on the user row. Tokens are never stored: only their SHA-256. */
#ifndef DESKPILOT_DB_PASSWORD_RESET_H
#define DESKPILOT_DB_PASSWORD_RESET_H

#include <stdbool.h>

#include "core/err.h"

#define RESET_HASH_HEX 64 /* hex characters of a token's SHA-256 */

/* A new reset of user_id, valid ttl seconds from now, with no token yet (the sender
 * draws it: db_password_reset_set_hash). Inside the caller's transaction. */
int db_password_reset_insert(long long user_id, long long ttl, long long *id, struct app_err *err);
/* Give reset id the token whose SHA-256 is hash (replacing an earlier one) while it
 * is unused and unexpired; *live false (nothing changed) otherwise. */
int db_password_reset_set_hash(long long id, const char *hash, bool *live, struct app_err *err);
/* *live: a reset with this token hash is unused and unexpired (a read, no lock). */
int db_password_reset_live(const char *hash, bool *live, struct app_err *err);
/* Use the reset whose token hashes to hash: one UPDATE that succeeds only while it
 * is unused and unexpired, so a token works once however many try it at once.
 * *user_id receives its user, 0 when no such live reset. */
int db_password_reset_consume(const char *hash, long long *user_id, struct app_err *err);
/* After a reset: every other link of the user stops working, the password hash is
 * replaced and every token issued up to now is refused (users.tokens_valid_from).
 * Inside the caller's transaction. */
int db_password_reset_apply(long long user_id, const char *password_hash, struct app_err *err);
/* Delete at most 100 resets that expired a day ago or more (their mails are done). */
int db_password_reset_prune(struct app_err *err);

#endif
