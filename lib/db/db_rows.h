/* db_rows: one row collector for every SELECT — a table says where each column
 * lands in the row struct, so no type hand-writes a callback with column numbers. */
#ifndef DESKPILOT_DB_DB_ROWS_H
#define DESKPILOT_DB_DB_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

enum db_col_kind {
    DBC_LL,   /* long long (0 for NULL) */
    DBC_DBL,  /* double (0 for NULL); with DBC_HAS, the bool at has_off says "not NULL" */
    DBC_BOOL, /* bool: non-zero */
    DBC_STR,  /* const char *: an arena copy, NULL for NULL */
    DBC_ENUM, /* an int-sized enum from text by parse(); unknown (< 0) reads as 0 */
    DBC_SKIP, /* a column the row type does not keep */
    DBC_NEST, /* the next sub->ncols columns fill a struct laid out by sub, at off */
};

/* Column i of the SELECT, in order. */
struct db_layout;

struct db_col {
    enum db_col_kind kind;
    size_t off;    /* the field's offset in the row struct */
    bool has_flag; /* DBC_DBL: also set the bool at has_off */
    size_t has_off;
    int (*parse)(const char *s); /* DBC_ENUM */
    const struct db_layout *sub; /* DBC_NEST */
};

#define DBC(kind, type, field)                                                                     \
    {                                                                                              \
        kind, offsetof(type, field), false, 0, NULL, NULL                                          \
    }
#define DBC_OPT_DBL(type, field, has)                                                              \
    {                                                                                              \
        DBC_DBL, offsetof(type, field), true, offsetof(type, has), NULL, NULL                      \
    }
#define DBC_PARSED(type, field, fn)                                                                \
    {                                                                                              \
        DBC_ENUM, offsetof(type, field), false, 0, fn, NULL                                        \
    }

/* A struct member that is itself a row type: a join's rows reuse its table. */
#define DBC_STRUCT(type, field, layout)                                                            \
    {                                                                                              \
        DBC_NEST, offsetof(type, field), false, 0, NULL, layout                                    \
    }

/* A row type: its columns and its size. */
struct db_layout {
    const struct db_col *cols;
    size_t ncols;
    size_t size;
};
#define DB_LAYOUT(type, cols)                                                                      \
    {                                                                                              \
        cols, sizeof cols / sizeof cols[0], sizeof(type)                                           \
    }

/* Run sql and collect at most max rows laid out by l: into caller storage `into`
 * (room for max rows) or, when into is NULL, a new arena array. *out (may be NULL)
 * gets the rows, *n their count. Rows past max are read and dropped. 503 when the
 * database is down or memory ran out. */
int db_select(struct arena *a, const char *sql, const struct db_param *params, size_t nparams,
              const struct db_layout *l, int max, void *into, void **out, int *n,
              struct app_err *err);

#endif
