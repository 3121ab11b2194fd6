/* db_deflections: SQL for deflections. */
#include "db/db_deflections.h"

#include "db/db.h"
#include "db/db_rows.h"

int db_deflections_add(const unsigned char hash[32], const char *intent, bool *added,
                       struct app_err *err)
{
    *added = false;
    int rc = db_exec("INSERT INTO deflections (token_hash, intent, created_at) "
                     "VALUES (?, ?, UTC_TIMESTAMP())",
                     DB_PARAMS(DBP_STRN((const char *)hash, 32), DBP_STR(intent)), NULL, NULL, err);
    if (rc == DB_DUPLICATE)
        return 0;
    *added = rc == 0;
    return rc;
}

static const struct db_col count_cols[] = {
    DBC(DBC_STR, struct deflection_count, intent),
    DBC(DBC_LL, struct deflection_count, count),
};
static const struct db_layout count_layout = DB_LAYOUT(struct deflection_count, count_cols);

int db_deflections_by_intent(struct arena *a, const struct stats_range *r, int max,
                             struct deflection_count **out, int *n, long long *total,
                             struct app_err *err)
{
    void *rows = NULL;
    *total = 0;
    /* NULL bounds are open ends; the range is the stats' own (created_at). */
    int rc = db_select(a,
                       "SELECT intent, COUNT(*) FROM deflections WHERE (? IS NULL OR created_at "
                       ">= ?) AND (? IS NULL OR created_at < ?) GROUP BY intent "
                       "ORDER BY COUNT(*) DESC, intent LIMIT ?",
                       DB_PARAMS(DBP_STR(r->since), DBP_STR(r->since), DBP_STR(r->until),
                                 DBP_STR(r->until), DBP_INT(max)),
                       &count_layout, max, NULL, &rows, n, err);
    *out = rows;
    if (rc == 0)
        rc = db_query(
            "SELECT COUNT(*) FROM deflections WHERE (? IS NULL OR created_at >= ?) "
            "AND (? IS NULL OR created_at < ?)",
            DB_PARAMS(DBP_STR(r->since), DBP_STR(r->since), DBP_STR(r->until), DBP_STR(r->until)),
            db_row_first_ll, total, err);
    return rc;
}
