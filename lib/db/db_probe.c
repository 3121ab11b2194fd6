/* db_probe: what `deskpilot doctor` asks of the database beyond a connection. */
#include "db/db_probe.h"

#include <stdio.h>
#include <unistd.h>

#include "db/db.h"

int db_probe_writes(struct app_err *err)
{
    /* A row no one else can mean, written, changed and deleted, then rolled back:
     * each statement fails on its own when the account lacks that right. */
    char jti[64];
    snprintf(jti, sizeof jti, "doctor-%ld", (long)getpid());
    int rc =
        db_begin(err) ||
                db_exec("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, '2000-01-01')",
                        DB_PARAMS(DBP_STR(jti)), NULL, NULL, err) ||
                db_exec("UPDATE revoked_tokens SET expires_at = expires_at WHERE jti = ?",
                        DB_PARAMS(DBP_STR(jti)), NULL, NULL, err) ||
                db_exec("DELETE FROM revoked_tokens WHERE jti = ?", DB_PARAMS(DBP_STR(jti)), NULL,
                        NULL, err)
            ? -1
            : 0;
    db_rollback();
    return rc;
}
