/* db_login: SQL for the sign-in limit counters. */
#include "db/db_login.h"

#include <string.h>

#include "db/db.h"

struct standing_ctx {
    const struct login_key *keys;
    int n;
    struct login_standing *out;
};

static int standing_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct standing_ctx *c = ctx;
    const char *account = row->val[0] ? row->val[0] : "";
    const char *client = row->val[1] ? row->val[1] : "";
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->keys[i].account, account) == 0 && strcmp(c->keys[i].client, client) == 0) {
            c->out[i].wait = db_row_ll(row, 2);
            c->out[i].known = db_row_ll(row, 3) != 0;
        }
    return 0;
}

int db_login_standing(const struct login_key *keys, int n, struct login_standing *out,
                      struct app_err *err)
{
    if (n < 1 || n > 4)
        return err_internal(err, "db_login_standing: %d keys", n);
    struct db_param p[8];
    for (int i = 0; i < 4; i++) { /* unused slots repeat the first key */
        const struct login_key *k = &keys[i < n ? i : 0];
        p[2 * i] = DBP_STR(k->account);
        p[2 * i + 1] = DBP_STR(k->client);
    }
    memset(out, 0, sizeof *out * (size_t)n);
    struct standing_ctx c = {keys, n, out};
    return db_query("SELECT account, client, "
                    "GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), next_at)), "
                    "COALESCE(known_until > UTC_TIMESTAMP(), 0) FROM login_limits "
                    "WHERE (account = ? AND client = ?) OR (account = ? AND client = ?) "
                    "OR (account = ? AND client = ?) OR (account = ? AND client = ?)",
                    p, 8, standing_row, &c, err);
}

int db_login_take(const struct login_key *key, const struct login_rule *rule, bool *taken,
                  struct app_err *err)
{
    /* The first failure waits only when a single one is allowed. ON DUPLICATE KEY
     * UPDATE assigns left to right (sql_mode has no SIMULTANEOUS_ASSIGNMENT):
     * failures is counted from the old next_at, then next_at waits by the new
     * failures. A refused attempt changes nothing, so the statement affects 0 rows. */
    long long first = rule->max_free <= 1 ? rule->base_delay : 0;
    if (first > rule->max_delay)
        first = rule->max_delay;
    unsigned long long affected = 0;
    if (db_exec("INSERT INTO login_limits (account, client, failures, next_at, expires_at) "
                "VALUES (?, ?, 1, UTC_TIMESTAMP() + INTERVAL ? SECOND, "
                "UTC_TIMESTAMP() + INTERVAL ? SECOND) "
                "ON DUPLICATE KEY UPDATE "
                "failures = IF(next_at > UTC_TIMESTAMP(), failures, "
                "IF(next_at < UTC_TIMESTAMP() - INTERVAL ? SECOND, 1, failures + 1)), "
                "next_at = IF(next_at > UTC_TIMESTAMP(), next_at, UTC_TIMESTAMP() + INTERVAL "
                "IF(failures < ?, 0, LEAST(?, ? * POW(2, LEAST(failures - ?, 30)))) SECOND), "
                "expires_at = GREATEST(expires_at, next_at + INTERVAL ? SECOND)",
                DB_PARAMS(DBP_STR(key->account), DBP_STR(key->client), DBP_INT(first),
                          DBP_INT(first + rule->window), DBP_INT(rule->window),
                          DBP_INT(rule->max_free), DBP_INT(rule->max_delay),
                          DBP_INT(rule->base_delay), DBP_INT(rule->max_free),
                          DBP_INT(rule->window)),
                &affected, NULL, err))
        return -1;
    *taken = affected > 0;
    return 0;
}

int db_login_give_back(const struct login_key *key, long long max_free, struct app_err *err)
{
    return db_exec("UPDATE login_limits SET failures = GREATEST(failures, 1) - 1, "
                   "next_at = IF(failures < ?, LEAST(next_at, UTC_TIMESTAMP()), next_at) "
                   "WHERE account = ? AND client = ?",
                   DB_PARAMS(DBP_INT(max_free), DBP_STR(key->account), DBP_STR(key->client)), NULL,
                   NULL, err);
}

int db_login_succeeded(const struct login_key *key, long long known_ttl, struct app_err *err)
{
    return db_exec("INSERT INTO login_limits (account, client, failures, next_at, known_until, "
                   "expires_at) VALUES (?, ?, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? "
                   "SECOND, UTC_TIMESTAMP() + INTERVAL ? SECOND) "
                   "ON DUPLICATE KEY UPDATE failures = 0, next_at = VALUES(next_at), "
                   "known_until = VALUES(known_until), "
                   "expires_at = GREATEST(expires_at, VALUES(expires_at))",
                   DB_PARAMS(DBP_STR(key->account), DBP_STR(key->client), DBP_INT(known_ttl),
                             DBP_INT(known_ttl)),
                   NULL, NULL, err);
}

int db_login_forget(const struct login_key *key, struct app_err *err)
{
    return db_exec("DELETE FROM login_limits WHERE account = ? AND client = ?",
                   DB_PARAMS(DBP_STR(key->account), DBP_STR(key->client)), NULL, NULL, err);
}

int db_login_prune(struct app_err *err)
{
    return db_exec("DELETE FROM login_limits WHERE expires_at < UTC_TIMESTAMP() LIMIT 100",
                   DB_NO_PARAMS, NULL, NULL, err);
}
