/* db_password_reset: SQL for password_resets and the user row a reset changes. */
#include "db/db_password_reset.h"

#include "db/db.h"

int db_password_reset_insert(long long user_id, long long ttl, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO password_resets (user_id, created_at, expires_at) "
                     "VALUES (?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)",
                     DB_PARAMS(DBP_INT(user_id), DBP_INT(ttl)), NULL, &insert_id, err);
    *id = (long long)insert_id;
    return rc;
}

int db_password_reset_set_hash(long long id, const char *hash, bool *live, struct app_err *err)
{
    unsigned long long n = 0;
    int rc = db_exec("UPDATE password_resets SET token_hash = ? WHERE id = ? AND used_at IS NULL "
                     "AND expires_at > UTC_TIMESTAMP()",
                     DB_PARAMS(DBP_STR(hash), DBP_INT(id)), &n, NULL, err);
    *live = n == 1;
    return rc;
}

int db_password_reset_live(const char *hash, bool *live, struct app_err *err)
{
    long long n = 0;
    int rc = db_query("SELECT COUNT(*) FROM password_resets WHERE token_hash = ? "
                      "AND used_at IS NULL AND expires_at > UTC_TIMESTAMP()",
                      DB_PARAMS(DBP_STR(hash)), db_row_first_ll, &n, err);
    *live = rc == 0 && n > 0;
    return rc;
}

int db_password_reset_consume(const char *hash, long long *user_id, struct app_err *err)
{
    /* LAST_INSERT_ID(expr) hands the row's user back with the UPDATE itself. */
    unsigned long long n = 0, uid = 0;
    int rc = db_exec("UPDATE password_resets SET used_at = UTC_TIMESTAMP(), "
                     "user_id = LAST_INSERT_ID(user_id) WHERE token_hash = ? "
                     "AND used_at IS NULL AND expires_at > UTC_TIMESTAMP()",
                     DB_PARAMS(DBP_STR(hash)), &n, &uid, err);
    *user_id = rc == 0 && n == 1 ? (long long)uid : 0;
    return rc;
}

int db_password_reset_apply(long long user_id, const char *password_hash, struct app_err *err)
{
    /* Tokens carry whole seconds (iat): the bound is the next second, so a token
     * issued in this one, before the reset, is refused too; a sign-in in it gets
     * its iat raised to the bound (auth_issue_token). */
    if (db_exec("UPDATE password_resets SET used_at = UTC_TIMESTAMP() "
                "WHERE user_id = ? AND used_at IS NULL",
                DB_PARAMS(DBP_INT(user_id)), NULL, NULL, err) ||
        db_exec("UPDATE users SET password_hash = ?, "
                "tokens_valid_from = GREATEST(tokens_valid_from, UNIX_TIMESTAMP() + 1) "
                "WHERE id = ?",
                DB_PARAMS(DBP_STR(password_hash), DBP_INT(user_id)), NULL, NULL, err))
        return -1;
    return 0;
}

int db_password_reset_prune(struct app_err *err)
{
    return db_exec(
        "DELETE FROM password_resets WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 1 DAY "
        "LIMIT 100",
        DB_NO_PARAMS, NULL, NULL, err);
}
