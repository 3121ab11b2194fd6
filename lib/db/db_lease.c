/* db_lease: SQL for the named leases. */
#include "db/db_lease.h"

#include <stdio.h>

#include "core/log.h"
#include "db/db.h"

int db_lease_take(const char *name, const char *holder, long long ttl, bool *taken,
                  struct app_err *err)
{
    *taken = false;
    /* Assignments run left to right: holder changes only when the lease expired, and
     * the expiry only when holder is now ours. Affected rows: 1 inserted, 2 taken
     * over, 0 held by another. */
    unsigned long long affected = 0;
    if (db_exec("INSERT INTO cluster_leases (name, holder, expires_at) "
                "VALUES (?, ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND) ON DUPLICATE KEY UPDATE "
                "holder = IF(expires_at < UTC_TIMESTAMP(3), VALUES(holder), holder), "
                "expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)",
                DB_PARAMS(DBP_STR(name), DBP_STR(holder), DBP_INT(ttl)), &affected, NULL, err))
        return -1;
    *taken = affected > 0;
    return 0;
}

struct holder_out {
    char *out;
    size_t outlen;
};

static int holder_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct holder_out *h = ctx;
    snprintf(h->out, h->outlen, "%s", row->val[0] ? row->val[0] : "");
    return 0;
}

int db_lease_holder(const char *name, char *out, size_t outlen, struct app_err *err)
{
    struct holder_out h = {out, outlen};
    out[0] = '\0';
    return db_query("SELECT holder FROM cluster_leases WHERE name = ?", DB_PARAMS(DBP_STR(name)),
                    holder_row, &h, err);
}

int db_lease_take_over(const char *name, const char *old, const char *holder, long long ttl,
                       bool *taken, struct app_err *err)
{
    unsigned long long affected = 0;
    *taken = false;
    if (db_exec("UPDATE cluster_leases SET holder = ?, "
                "expires_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND WHERE name = ? AND holder = ?",
                DB_PARAMS(DBP_STR(holder), DBP_INT(ttl), DBP_STR(name), DBP_STR(old)), &affected,
                NULL, err))
        return -1;
    *taken = affected == 1;
    return 0;
}

void db_lease_release(const char *name, const char *holder)
{
    struct app_err err;
    err_clear(&err);
    if (db_exec("DELETE FROM cluster_leases WHERE name = ? AND holder = ?",
                DB_PARAMS(DBP_STR(name), DBP_STR(holder)), NULL, NULL, &err))
        log_warn("lease %s not released (it expires by itself): %s", name, err.internal);
}
