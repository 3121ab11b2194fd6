/* db_users: SQL for users and login attempts. */
#include "db/db_users.h"

#include <string.h>

#include "db/db.h"

#define USER_COLS                                                                              \
    "id, email, name, role, disabled, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "        \
    "password_hash"

struct user_rows {
    struct arena *a;
    struct user *out;
    int max, n;
};

static int user_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct user_rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    struct user *u = &r->out[r->n];
    u->id = db_row_ll(row, 0);
    u->email = db_row_dup(r->a, row, 1, err);
    u->name = db_row_dup(r->a, row, 2, err);
    u->role = role_parse(row->val[3]);
    u->disabled = db_row_ll(row, 4) != 0;
    u->created_at = db_row_dup(r->a, row, 5, err);
    u->password_hash = db_row_dup(r->a, row, 6, err);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

int db_users_create(const char *email, const char *name, enum role role, const char *hash,
                    long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?)",
                     DB_PARAMS(DBP_STR(email), DBP_STR(name), DBP_STR(role_name(role)),
                                         DBP_STR(hash)), NULL, &insert_id, err);
    if (rc == 0 && id)
        *id = (long long)insert_id;
    return rc;
}

int db_users_update_by_email(const char *email, const char *name, enum role role,
                             const char *hash, struct app_err *err)
{
    unsigned long long affected = 0;
    if (db_exec("UPDATE users SET name = ?, role = ?, password_hash = ?, disabled = 0 "
                "WHERE email = ?",
                DB_PARAMS(DBP_STR(name), DBP_STR(role_name(role)), DBP_STR(hash),
                                    DBP_STR(email)), &affected, NULL, err))
        return -1;
    return affected ? 0 : 1;
}

int db_users_by_email(struct arena *a, const char *email, struct user *u, bool *found,
                      struct app_err *err)
{
    struct user_rows r = {a, u, 1, 0};
    int rc = db_query("SELECT " USER_COLS " FROM users WHERE email = ?",
                      DB_PARAMS(DBP_STR(email)), user_row, &r, err);
    *found = r.n == 1;
    return rc;
}

int db_users_by_id(struct arena *a, long long id, struct user *u, bool *found,
                   struct app_err *err)
{
    struct user_rows r = {a, u, 1, 0};
    int rc = db_query("SELECT " USER_COLS " FROM users WHERE id = ?",
                      DB_PARAMS(DBP_INT(id)), user_row, &r, err);
    *found = r.n == 1;
    return rc;
}

int db_users_by_token(struct arena *a, long long id, const char *jti, struct user *u, bool *found,
                      struct app_err *err)
{
    struct user_rows r = {a, u, 1, 0};
    int rc = db_query("SELECT " USER_COLS " FROM users WHERE id = ? AND NOT EXISTS "
                      "(SELECT 1 FROM revoked_tokens WHERE jti = ?)",
                      DB_PARAMS(DBP_INT(id), DBP_STR(jti)), user_row, &r, err);
    *found = r.n == 1;
    return rc;
}

int db_tokens_revoke(const char *jti, long long expires_at, struct app_err *err)
{
    if (db_exec("DELETE FROM revoked_tokens WHERE expires_at < UTC_TIMESTAMP() LIMIT 100", DB_NO_PARAMS, NULL, NULL, err))
        return -1;
    return db_exec("INSERT IGNORE INTO revoked_tokens (jti, expires_at) "
                   "VALUES (?, FROM_UNIXTIME(?))",
                   DB_PARAMS(DBP_STR(jti), DBP_INT(expires_at)), NULL, NULL, err);
}

int db_users_list(struct arena *a, enum role role, long long after, int limit, struct user **out,
                  int *n, struct app_err *err)
{
    struct user_rows r = {a, arena_calloc(a, (size_t)limit + 1, sizeof(struct user)), limit, 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    int rc;
    if (role != ROLE_NONE)
        rc = db_query("SELECT " USER_COLS " FROM users WHERE role = ? AND id > ? "
                      "ORDER BY id LIMIT ?",
                      DB_PARAMS(DBP_STR(role_name(role)), DBP_INT(after),
                                          DBP_INT(limit)), user_row, &r, err);
    else
        rc = db_query("SELECT " USER_COLS " FROM users WHERE id > ? ORDER BY id LIMIT ?",
                      DB_PARAMS(DBP_INT(after), DBP_INT(limit)), user_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}

static int two_ll(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    long long *v = ctx;
    v[0] = db_row_ll(row, 0);
    v[1] = db_row_ll(row, 1);
    return 0;
}

int db_users_patch(long long id, const enum role *role, const bool *disabled, bool *last_admin,
                   struct app_err *err)
{
    *last_admin = false;
    /* Lock the active admin rows, so two admins demoting each other at once
     * cannot both succeed. v[0] = active admins, v[1] = whether id is one. */
    long long v[2] = {0, 0};
    if (db_query("SELECT COUNT(*), COALESCE(SUM(id = ?), 0) FROM "
                 "(SELECT id FROM users WHERE role = 'admin' AND disabled = 0 FOR UPDATE) a",
                 DB_PARAMS(DBP_INT(id)), two_ll, v, err))
        return -1;
    bool loses_admin = (role && *role != ROLE_ADMIN) || (disabled && *disabled);
    if (v[1] && loses_admin && v[0] <= 1) {
        *last_admin = true;
        return 0;
    }
    if (role && db_exec("UPDATE users SET role = ? WHERE id = ?",
                        DB_PARAMS(DBP_STR(role_name(*role)), DBP_INT(id)), NULL,
                        NULL, err))
        return -1;
    if (disabled && db_exec("UPDATE users SET disabled = ? WHERE id = ?",
                            DB_PARAMS(DBP_INT(*disabled), DBP_INT(id)), NULL, NULL,
                            err))
        return -1;
    return 0;
}

int db_login_failures(const char *email, const char *ip, long long window, long long *by_email,
                      long long *by_ip, long long *retry_after, struct app_err *err)
{
    long long v[2] = {0, 0};
    if (db_query("SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
                 "MIN(created_at) + INTERVAL ? SECOND), 0) FROM login_attempts "
                 "WHERE email = ? AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
                 DB_PARAMS(DBP_INT(window), DBP_STR(email), DBP_INT(window)),
                 two_ll, v, err))
        return -1;
    *by_email = v[0];
    *retry_after = v[1];
    long long w[2] = {0, 0};
    if (db_query("SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
                 "MIN(created_at) + INTERVAL ? SECOND), 0) FROM login_attempts "
                 "WHERE ip = ? AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
                 DB_PARAMS(DBP_INT(window), DBP_STR(ip), DBP_INT(window)), two_ll,
                 w, err))
        return -1;
    *by_ip = w[0];
    if (w[1] > *retry_after)
        *retry_after = w[1];
    return 0;
}

int db_login_record_failure(const char *email, const char *ip, struct app_err *err)
{
    return db_exec("INSERT INTO login_attempts (email, ip) VALUES (?, ?)",
                   DB_PARAMS(DBP_STR(email), DBP_STR(ip)), NULL, NULL, err);
}

int db_login_clear(const char *email, struct app_err *err)
{
    return db_exec("DELETE FROM login_attempts WHERE email = ?",
                   DB_PARAMS(DBP_STR(email)), NULL, NULL, err);
}
