/* db_admin_daily: one GROUP BY DATE(created_at) over the tickets_created index. */
#include "db/db_admin_daily.h"

#include "db/db.h"
#include "db/db_rows.h"

static const struct db_col day_cols[] = {
    DBC(DBC_STR, struct db_day_count, day),
    DBC(DBC_LL, struct db_day_count, tickets),
    DBC(DBC_LL, struct db_day_count, auto_resolved),
};
static const struct db_layout day_layout = DB_LAYOUT(struct db_day_count, day_cols);

int db_admin_daily(struct arena *a, const char *since, int max, struct db_day_count **out, int *n,
                   struct app_err *err)
{
    *out = NULL;
    *n = 0;
    if (max <= 0)
        return 0;
    void *rows = NULL;
    int rc =
        db_select(a,
                  "SELECT DATE_FORMAT(DATE(t.created_at), '%Y-%m-%d') AS d, COUNT(*), "
                  "COALESCE(SUM(t.decision = 'AUTO_RESOLVE'), 0) FROM tickets t "
                  "WHERE t.created_at >= ? GROUP BY d ORDER BY d LIMIT ?",
                  DB_PARAMS(DBP_STR(since), DBP_INT(max)), &day_layout, max, NULL, &rows, n, err);
    *out = rows;
    return rc;
}
