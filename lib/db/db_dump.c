/* db_dump: the database's tables, columns and rows as text, and rows put back — what
 * `deskpilot backup` and `deskpilot restore` move between hosts. The schema is not
 * dumped: migrations make it, so triggers and generated columns come out the same. */
#include "db/db_dump.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "db/db_rows.h"

struct names {
    struct arena *a;
    char **v;
    size_t n, cap;
};

static int add_name(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct names *nm = ctx;
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? 2 * nm->cap : 16;
        char **v = arena_alloc(nm->a, cap * sizeof *v);
        if (!v)
            return err_unavailable(err, "out of memory");
        if (nm->n)
            memcpy(v, nm->v, nm->n * sizeof *v);
        nm->v = v;
        nm->cap = cap;
    }
    if (!(nm->v[nm->n] = db_row_dup(nm->a, row, 0, err)))
        return -1;
    /* Names go into SQL text (identifiers cannot be parameters): only plain ones. */
    for (const char *p = nm->v[nm->n]; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return err_internal(err, "unexpected name in the schema: %s", nm->v[nm->n]);
    nm->n++;
    return 0;
}

int db_dump_tables(struct arena *a, char ***names, size_t *n, struct app_err *err)
{
    struct names nm = {a, NULL, 0, 0};
    if (db_query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                 "AND table_type = 'BASE TABLE' "
                 "AND table_name NOT IN ('schema_migrations', 'model_chunks', 'cluster_leases', "
                 "'ticket_terms') "
                 "ORDER BY table_name",
                 DB_NO_PARAMS, add_name, &nm, err))
        return -1;
    *names = nm.v;
    *n = nm.n;
    return 0;
}

int db_dump_columns(struct arena *a, const char *table, char ***cols, size_t *n,
                    struct app_err *err)
{
    struct names nm = {a, NULL, 0, 0};
    /* Generated columns are computed from the others: not stored, not restored. */
    if (db_query("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                 "DATABASE() AND table_name = ? AND is_generated = 'NEVER' "
                 "ORDER BY ordinal_position",
                 DB_PARAMS(DBP_STR(table)), add_name, &nm, err))
        return -1;
    *cols = nm.v;
    *n = nm.n;
    return 0;
}

int db_dump_versions(struct arena *a, char ***versions, size_t *n, struct app_err *err)
{
    struct names nm = {a, NULL, 0, 0};
    if (db_query("SELECT CAST(version AS CHAR) FROM schema_migrations ORDER BY version",
                 DB_NO_PARAMS, add_name, &nm, err))
        return -1;
    *versions = nm.v;
    *n = nm.n;
    return 0;
}

/* "`a`, `b`, `c`" */
static void column_list(struct buf *b, char **cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s`%s`", i ? ", " : "", cols[i]);
}

int db_dump_blobs(struct arena *a, const char *table, char **cols, size_t n, bool **out,
                  struct app_err *err)
{
    struct names nm = {a, NULL, 0, 0};
    if (!(*out = arena_calloc(a, n ? n : 1, sizeof **out)))
        return err_unavailable(err, "out of memory");
    if (db_query("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                 "DATABASE() AND table_name = ? AND data_type IN ('tinyblob', 'blob', "
                 "'mediumblob', 'longblob')",
                 DB_PARAMS(DBP_STR(table)), add_name, &nm, err))
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nm.n; k++)
            if (strcmp(cols[i], nm.v[k]) == 0)
                (*out)[i] = true;
    return 0;
}

/* The rows of a page, and the id of the last one, for the next page. */
struct page_rows {
    db_row_fn fn;
    void *ctx;
    size_t id_col;
    long long last_id;
    int rows;
};

static int page_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct page_rows *p = ctx;
    p->last_id = db_row_ll(row, p->id_col);
    p->rows++;
    return p->fn(p->ctx, row, err);
}

int db_dump_rows(const char *table, char **cols, size_t n, const bool *blob, db_row_fn fn,
                 void *ctx, struct app_err *err)
{
    bool paged = false;
    struct page_rows p = {fn, ctx, n, 0, 0};
    struct buf b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        paged = paged || (blob && blob[i]);
        if (strcmp(cols[i], "id") == 0)
            p.id_col = i;
    }
    buf_puts(&b, "SELECT ");
    column_list(&b, cols, n);
    buf_printf(&b, " FROM `%s`", table);
    if (paged)
        buf_printf(&b, " WHERE `id` > ? ORDER BY `id` LIMIT %d", DB_DUMP_PAGE);
    int rc;
    if (b.failed)
        rc = err_unavailable(err, "out of memory");
    else if (!paged)
        rc = db_query_built(b.data, DB_NO_PARAMS, fn, ctx, err);
    else if (p.id_col == n)
        rc = err_internal(err, "table %s holds blobs but has no id column to page by", table);
    else
        do {
            p.rows = 0;
            rc = db_query_built(b.data, DB_PARAMS(DBP_INT(p.last_id)), page_row, &p, err);
        } while (rc == 0 && p.rows == DB_DUMP_PAGE);
    buf_cleanup(&b);
    return rc;
}

int db_dump_clear(const char *table, struct app_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM `%s`", table);
    return db_exec_built(sql, DB_NO_PARAMS, err);
}

int db_dump_insert(const char *table, char **cols, const struct db_param *vals, size_t n,
                   struct app_err *err)
{
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "INSERT INTO `%s` (", table);
    column_list(&b, cols, n);
    buf_puts(&b, ") VALUES (");
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, i ? ", ?" : "?");
    buf_puts(&b, ")");
    int rc = b.failed ? err_unavailable(err, "out of memory") : db_exec_built(b.data, vals, n, err);
    buf_cleanup(&b);
    return rc;
}

int db_dump_constraints(bool on, struct app_err *err)
{
    /* Rows go back table by table, so a child may come before its parent. */
    return db_exec_built(on ? "SET FOREIGN_KEY_CHECKS = 1" : "SET FOREIGN_KEY_CHECKS = 0",
                         DB_NO_PARAMS, err);
}
