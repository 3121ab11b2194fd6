/* db_quota: SQL for the sign-up quota. */
#include "db/db_quota.h"

#include "db/db.h"

int db_signup_quota_take(const char *ip, long long hour, long long limit, bool *taken,
                         struct app_err *err)
{
    if (db_exec("DELETE FROM signup_quota WHERE hour < ? LIMIT 100", DB_PARAMS(DBP_INT(hour)), NULL,
                NULL, err))
        return -1;
    /* used is assigned before hour (left to right), so it sees the old hour; a
     * full hour changes nothing and the statement affects 0 rows. */
    unsigned long long affected = 0;
    if (db_exec("INSERT INTO signup_quota (ip, hour, used) VALUES (?, ?, 1) "
                "ON DUPLICATE KEY UPDATE used = IF(hour = VALUES(hour), "
                "IF(used < ?, used + 1, used), 1), hour = VALUES(hour)",
                DB_PARAMS(DBP_STR(ip), DBP_INT(hour), DBP_INT(limit)), &affected, NULL, err))
        return -1;
    *taken = affected > 0;
    return 0;
}
