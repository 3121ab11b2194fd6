/* db_macros: SQL for the macros table. */
#include "db/db_macros.h"

#include "db/db.h"
#include "db/db_rows.h"

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define MACRO_COLS "id, title, body, " TS("created_at") ", " TS("updated_at")

static const struct db_col macro_cols[] = {
    DBC(DBC_LL, struct macro, id),          DBC(DBC_STR, struct macro, title),
    DBC(DBC_STR, struct macro, body),       DBC(DBC_STR, struct macro, created_at),
    DBC(DBC_STR, struct macro, updated_at),
};
static const struct db_layout macro_layout = DB_LAYOUT(struct macro, macro_cols);

int db_macros_list(struct arena *a, int max, struct macro **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a, "SELECT " MACRO_COLS " FROM macros ORDER BY title, id LIMIT ?",
                       DB_PARAMS(DBP_INT(max)), &macro_layout, max, NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_macros_get(struct arena *a, long long id, struct macro *out, bool *found,
                  struct app_err *err)
{
    int n = 0;
    int rc = db_select(a, "SELECT " MACRO_COLS " FROM macros WHERE id = ?", DB_PARAMS(DBP_INT(id)),
                       &macro_layout, 1, out, NULL, &n, err);
    *found = n == 1;
    return rc;
}

int db_macros_count(long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM macros", DB_NO_PARAMS, db_row_first_ll, n, err);
}

int db_macros_create(const char *title, const char *body, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO macros (title, body) VALUES (?, ?)",
                     DB_PARAMS(DBP_STR(title), DBP_STR(body)), NULL, &insert_id, err);
    *id = (long long)insert_id;
    return rc;
}

int db_macros_update(long long id, const char *title, const char *body, struct app_err *err)
{
    return db_exec("UPDATE macros SET title = ?, body = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(title), DBP_STR(body), DBP_INT(id)), NULL, NULL, err);
}

int db_macros_delete(long long id, struct app_err *err)
{
    return db_exec("DELETE FROM macros WHERE id = ?", DB_PARAMS(DBP_INT(id)), NULL, NULL, err);
}
