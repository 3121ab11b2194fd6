/* db_audit: SQL for audit_log. */
#include "db/db_audit.h"

#include "db/db.h"
#include "db/db_rows.h"

int db_audit_write(long long actor_id, const char *action, const char *target, const char *detail,
                   struct app_err *err)
{
    return db_exec("INSERT INTO audit_log (actor_id, action, target, detail) VALUES (?, ?, ?, ?)",
                   DB_PARAMS(db_param_id(actor_id), DBP_STR(action), DBP_STR(target ? target : ""),
                             DBP_STR(detail)),
                   NULL, NULL, err);
}

/* The SELECT's columns, in order. */
static const struct db_col audit_cols[] = {
    DBC(DBC_LL, struct audit_entry, id),      DBC(DBC_LL, struct audit_entry, actor_id),
    DBC(DBC_STR, struct audit_entry, action), DBC(DBC_STR, struct audit_entry, target),
    DBC(DBC_STR, struct audit_entry, detail), DBC(DBC_STR, struct audit_entry, created_at),
};
static const struct db_layout audit_layout = DB_LAYOUT(struct audit_entry, audit_cols);

int db_audit_list(struct arena *a, long long before, int limit, struct audit_entry **out, int *n,
                  struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a,
                       "SELECT id, actor_id, action, target, detail, "
                       "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM audit_log "
                       "WHERE id < ? ORDER BY id DESC LIMIT ?",
                       DB_PARAMS(DBP_INT(before > 0 ? before : (1LL << 62)), DBP_INT(limit)),
                       &audit_layout, limit, NULL, &rows, n, err);
    *out = rows;
    return rc;
}
