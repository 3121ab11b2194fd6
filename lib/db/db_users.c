/* db_users: SQL for users and revoked tokens. */
#include "db/db_users.h"

#include <string.h>

#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_rows.h"

#define USER_COLS                                                                                  \
    "id, email, name, role, disabled, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "             \
    "password_hash, tokens_valid_from"

_Static_assert(sizeof(enum role) == sizeof(int), "DBC_ENUM writes an int");

static int parse_role(const char *s)
{
    return (int)role_parse(s);
}

/* USER_COLS, in order. */
static const struct db_col user_cols[] = {
    DBC(DBC_LL, struct user, id),
    DBC(DBC_STR, struct user, email),
    DBC(DBC_STR, struct user, name),
    DBC_PARSED(struct user, role, parse_role),
    DBC(DBC_BOOL, struct user, disabled),
    DBC(DBC_STR, struct user, created_at),
    DBC(DBC_STR, struct user, password_hash),
    DBC(DBC_LL, struct user, tokens_valid_from),
};
static const struct db_layout user_layout = DB_LAYOUT(struct user, user_cols);

/* At most one user by a query on a unique key. */
static int one_user(struct arena *a, const char *sql, const struct db_param *p, size_t np,
                    struct user *u, bool *found, struct app_err *err)
{
    int n = 0;
    int rc = db_select(a, sql, p, np, &user_layout, 1, u, NULL, &n, err);
    *found = n == 1;
    return rc;
}

int db_users_create(const char *email, const char *name, enum role role, const char *hash,
                    long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc =
        db_exec("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?)",
                DB_PARAMS(DBP_STR(email), DBP_STR(name), DBP_STR(role_name(role)), DBP_STR(hash)),
                NULL, &insert_id, err);
    if (rc == 0 && id)
        *id = (long long)insert_id;
    return rc;
}

int db_users_update_by_email(const char *email, const char *name, enum role role, const char *hash,
                             struct app_err *err)
{
    unsigned long long affected = 0;
    if (db_exec("UPDATE users SET name = ?, role = ?, password_hash = ?, disabled = 0 "
                "WHERE email = ?",
                DB_PARAMS(DBP_STR(name), DBP_STR(role_name(role)), DBP_STR(hash), DBP_STR(email)),
                &affected, NULL, err))
        return -1;
    return affected ? 0 : 1;
}

int db_users_set_password(long long id, const char *hash, struct app_err *err)
{
    unsigned long long affected = 0;
    if (db_exec("UPDATE users SET password_hash = ? WHERE id = ?",
                DB_PARAMS(DBP_STR(hash), DBP_INT(id)), &affected, NULL, err))
        return -1;
    return affected ? 0 : 1;
}

int db_users_by_email(struct arena *a, const char *email, struct user *u, bool *found,
                      struct app_err *err)
{
    return one_user(a, "SELECT " USER_COLS " FROM users WHERE email = ?", DB_PARAMS(DBP_STR(email)),
                    u, found, err);
}

int db_users_by_id(struct arena *a, long long id, struct user *u, bool *found, struct app_err *err)
{
    return one_user(a, "SELECT " USER_COLS " FROM users WHERE id = ?", DB_PARAMS(DBP_INT(id)), u,
                    found, err);
}

/* The user row with the cache generation beside it: the one statement every
 * authenticated request makes before its own work. */
struct token_row {
    struct user u;
    long long generation;
    long long model_version;
    long long tickets_this_hour;
};
static const struct db_col token_cols[] = {
    DBC_STRUCT(struct token_row, u, &user_layout),
    DBC(DBC_LL, struct token_row, generation),
    DBC(DBC_LL, struct token_row, model_version),
    DBC(DBC_LL, struct token_row, tickets_this_hour),
};
static const struct db_layout token_layout = DB_LAYOUT(struct token_row, token_cols);

int db_users_by_token(struct arena *a, long long id, const char *jti, long long iat, struct user *u,
                      long long *tickets_this_hour, bool *found, struct app_err *err)
{
    struct token_row row;
    int n = 0;
    int rc = db_select(a,
                       "SELECT " USER_COLS ", (SELECT n FROM generation WHERE id = 1), "
                       "(SELECT model_version FROM generation WHERE id = 1), "
                       "COALESCE((SELECT n FROM ticket_quota WHERE user_id = users.id "
                       "AND hour = UNIX_TIMESTAMP() DIV 3600), 0) FROM users "
                       "WHERE id = ? AND tokens_valid_from <= ? "
                       "AND NOT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)",
                       DB_PARAMS(DBP_INT(id), DBP_INT(iat), DBP_STR(jti)), &token_layout, 1, &row,
                       NULL, &n, err);
    *found = rc == 0 && n == 1;
    if (*found) {
        *u = row.u;
        *tickets_this_hour = row.tickets_this_hour;
        db_generation_note(row.generation, row.model_version);
    }
    return rc;
}

int db_tokens_revoke(const char *jti, long long expires_at, struct app_err *err)
{
    if (db_exec("DELETE FROM revoked_tokens WHERE expires_at < UTC_TIMESTAMP() LIMIT 100",
                DB_NO_PARAMS, NULL, NULL, err))
        return -1;
    return db_exec("INSERT IGNORE INTO revoked_tokens (jti, expires_at) "
                   "VALUES (?, FROM_UNIXTIME(?))",
                   DB_PARAMS(DBP_STR(jti), DBP_INT(expires_at)), NULL, NULL, err);
}

int db_users_list(struct arena *a, enum role role, long long after, int limit, struct user **out,
                  int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc;
    if (role != ROLE_NONE)
        rc = db_select(a,
                       "SELECT " USER_COLS " FROM users WHERE role = ? AND id > ? "
                       "ORDER BY id LIMIT ?",
                       DB_PARAMS(DBP_STR(role_name(role)), DBP_INT(after), DBP_INT(limit)),
                       &user_layout, limit, NULL, &rows, n, err);
    else
        rc = db_select(a, "SELECT " USER_COLS " FROM users WHERE id > ? ORDER BY id LIMIT ?",
                       DB_PARAMS(DBP_INT(after), DBP_INT(limit)), &user_layout, limit, NULL, &rows,
                       n, err);
    *out = rows;
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
                        DB_PARAMS(DBP_STR(role_name(*role)), DBP_INT(id)), NULL, NULL, err))
        return -1;
    if (disabled && db_exec("UPDATE users SET disabled = ? WHERE id = ?",
                            DB_PARAMS(DBP_INT(*disabled), DBP_INT(id)), NULL, NULL, err))
        return -1;
    return 0;
}
