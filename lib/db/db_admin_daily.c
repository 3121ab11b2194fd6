/* db_admin_daily: one GROUP BY DATE(created_at) over the tickets_created index. */
#include "db/db_admin_daily.h"

#include <stdio.h>

#include "db/db.h"

struct day_rows {
    struct db_day_count *out;
    int max, n;
};

static int day_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct day_rows *r = ctx;
    if (r->n >= r->max || !row->val[0])
        return 0;
    struct db_day_count *d = &r->out[r->n++];
    snprintf(d->day, sizeof d->day, "%s", row->val[0]);
    d->tickets = db_row_ll(row, 1);
    d->auto_resolved = db_row_ll(row, 2);
    return 0;
}

int db_admin_daily(struct arena *a, const char *since, int max, struct db_day_count **out, int *n,
                   struct app_err *err)
{
    *out = NULL;
    *n = 0;
    if (max <= 0)
        return 0;
    struct day_rows r = {arena_calloc(a, (size_t)max, sizeof *r.out), max, 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    int rc = db_query("SELECT DATE_FORMAT(DATE(t.created_at), '%Y-%m-%d') AS d, COUNT(*), "
                      "COALESCE(SUM(t.decision = 'AUTO_RESOLVE'), 0) FROM tickets t "
                      "WHERE t.created_at >= ? GROUP BY d ORDER BY d LIMIT ?",
                      DB_PARAMS(DBP_STR(since), DBP_INT(max)), day_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}
