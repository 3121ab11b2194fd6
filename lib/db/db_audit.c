/* db_audit: SQL for audit_log. */
#include "db/db_audit.h"

#include "db/db.h"

int db_audit_write(long long actor_id, const char *action, const char *target,
                   const char *detail, struct app_err *err)
{
    return db_exec("INSERT INTO audit_log (actor_id, action, target, detail) VALUES (?, ?, ?, ?)",
                   DB_PARAMS(db_param_id(actor_id), DBP_STR(action),
                                       DBP_STR(target ? target : ""), DBP_STR(detail)), NULL, NULL, err);
}

struct audit_rows {
    struct arena *a;
    struct audit_entry *out;
    int n;
};

static int audit_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct audit_rows *r = ctx;
    struct audit_entry *e = &r->out[r->n];
    e->id = db_row_ll(row, 0);
    e->actor_id = db_row_ll(row, 1);
    e->action = db_row_dup(r->a, row, 2, err);
    e->target = db_row_dup(r->a, row, 3, err);
    e->detail = db_row_dup(r->a, row, 4, err);
    e->created_at = db_row_dup(r->a, row, 5, err);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

int db_audit_list(struct arena *a, long long before, int limit, struct audit_entry **out, int *n,
                  struct app_err *err)
{
    struct audit_rows r = {a, arena_calloc(a, (size_t)limit, sizeof(struct audit_entry)), 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    int rc = db_query("SELECT id, actor_id, action, target, detail, "
                      "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM audit_log "
                      "WHERE id < ? ORDER BY id DESC LIMIT ?",
                      DB_PARAMS(DBP_INT(before > 0 ? before : (1LL << 62)),
                                          DBP_INT(limit)), audit_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}
