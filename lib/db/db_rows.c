/* db_rows: the table-driven row collector. */
#include "db/db_rows.h"

#include <string.h>

struct rows {
    struct arena *a;
    const struct db_layout *l;
    char *out;
    int max, n;
};

static void put_col(struct rows *r, char *rec, const struct db_col *c, const struct db_row *row,
                    size_t i, struct app_err *err)
{
    char *f = rec + c->off;
    switch (c->kind) {
    case DBC_LL: {
        long long v = db_row_ll(row, i);
        memcpy(f, &v, sizeof v);
        break;
    }
    case DBC_DBL: {
        double v = db_row_dbl(row, i);
        memcpy(f, &v, sizeof v);
        if (c->has_flag) {
            bool has = !db_row_null(row, i);
            memcpy(rec + c->has_off, &has, sizeof has);
        }
        break;
    }
    case DBC_BOOL: {
        bool v = db_row_ll(row, i) != 0;
        memcpy(f, &v, sizeof v);
        break;
    }
    case DBC_STR: {
        const char *v = db_row_dup(r->a, row, i, err);
        memcpy(f, &v, sizeof v);
        break;
    }
    case DBC_ENUM: {
        int v = c->parse(row->val[i]);
        if (v < 0)
            v = 0;
        memcpy(f, &v, sizeof v);
        break;
    }
    case DBC_SKIP:
    case DBC_NEST: /* fill() walks into nested layouts */
        break;
    }
}

/* The columns of layout l from column *i on into rec; nested layouts recurse. */
static void fill(struct rows *r, char *rec, const struct db_layout *l, const struct db_row *row,
                 size_t *i, struct app_err *err)
{
    for (size_t c = 0; c < l->ncols; c++) {
        const struct db_col *col = &l->cols[c];
        if (col->kind == DBC_NEST)
            fill(r, rec + col->off, col->sub, row, i, err);
        else if (*i < row->ncols)
            put_col(r, rec, col, row, (*i)++, err);
        else
            err_internal(err, "db_select: the row has fewer columns than its layout");
    }
}

static int collect(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    char *rec = r->out + (size_t)r->n * r->l->size;
    memset(rec, 0, r->l->size);
    size_t i = 0;
    fill(r, rec, r->l, row, &i, err);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

int db_select(struct arena *a, const char *sql, const struct db_param *params, size_t nparams,
              const struct db_layout *l, int max, void *into, void **out, int *n,
              struct app_err *err)
{
    struct rows r = {a, l, into, max > 0 ? max : 0, 0};
    if (!r.out && !(r.out = arena_calloc(a, (size_t)r.max + 1, l->size)))
        return err_unavailable(err, "out of memory");
    int rc = db_query(sql, params, nparams, collect, &r, err);
    if (out)
        *out = r.out;
    *n = r.n;
    return rc;
}
