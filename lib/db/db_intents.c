/* db_intents: SQL for intents and intent_examples. */
#include "db/db_intents.h"

#include <string.h>

#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_rows.h"

#define INTENT_COLS                                                                                \
    "id, name, description, response_template, auto_resolve, threshold, auto_paused, "             \
    "paused_reason, auto_helpful, auto_unhelpful"
#define MAX_EXAMPLES 5000

/* Intent names are identifiers (the columns are ASCII): anything else names no
 * intent, and must not reach the database as a comparison it cannot make. */
static bool is_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

int db_intents_count(long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM intents", DB_NO_PARAMS, db_row_first_ll, n, err);
}

int db_intents_exists(const char *name, bool *exists, struct app_err *err)
{
    long long n = 0;
    *exists = false;
    if (!is_name(name))
        return 0;
    int rc = db_query("SELECT COUNT(*) FROM intents WHERE name = ?", DB_PARAMS(DBP_STR(name)),
                      db_row_first_ll, &n, err);
    *exists = n > 0;
    return rc;
}

/* INTENT_COLS, in order. */
#define I(kind, field) DBC(kind, struct intent, field)
static const struct db_col intent_cols[] = {
    I(DBC_LL, id),
    I(DBC_STR, name),
    I(DBC_STR, description),
    I(DBC_STR, response_template),
    I(DBC_BOOL, auto_resolve),
    DBC_OPT_DBL(struct intent, threshold, has_threshold),
    I(DBC_BOOL, auto_paused),
    I(DBC_STR, paused_reason),
    I(DBC_LL, auto_helpful),
    I(DBC_LL, auto_unhelpful),
};
#undef I
static const struct db_layout intent_layout = DB_LAYOUT(struct intent, intent_cols);

/* An example is one string: rows of a bare `const char *`. */
static const struct db_col example_cols[] = {{DBC_STR, 0, false, 0, NULL, NULL}};
static const struct db_layout example_layout = {example_cols, 1, sizeof(const char *)};

/* At most one intent by a unique key into *out. */
static int one_intent(struct arena *a, const char *sql, const char *name, struct intent *out,
                      bool *found, struct app_err *err)
{
    int n = 0;
    int rc = db_select(a, sql, DB_PARAMS(DBP_STR(name)), &intent_layout, 1, out, NULL, &n, err);
    *found = n == 1;
    return rc;
}

static int load_examples(struct arena *a, struct intent *in, struct app_err *err)
{
    void *rows = NULL;
    if (db_select(a, "SELECT text FROM intent_examples WHERE intent_id = ? ORDER BY id",
                  DB_PARAMS(DBP_INT(in->id)), &example_layout, MAX_EXAMPLES, NULL, &rows,
                  &in->nexamples, err))
        return -1;
    in->examples = rows;
    return 0;
}

int db_intents_get(struct arena *a, const char *name, struct intent *out, bool *found,
                   struct app_err *err)
{
    *found = false;
    if (!is_name(name))
        return 0;
    if (one_intent(a, "SELECT " INTENT_COLS " FROM intents WHERE name = ?", name, out, found, err))
        return -1;
    return *found ? load_examples(a, out, err) : 0;
}

int db_intents_all(struct arena *a, struct intent **out, int *n, struct app_err *err)
{
    return db_intents_list(a, 0, DB_INTENTS_MAX, false, out, n, err);
}

int db_intents_paused(struct arena *a, int limit, struct intent **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a,
                       "SELECT " INTENT_COLS " FROM intents WHERE auto_paused = 1 ORDER BY name "
                       "LIMIT ?",
                       DB_PARAMS(DBP_INT(limit)), &intent_layout, limit, NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_intents_list(struct arena *a, long long after, int limit, bool with_examples,
                    struct intent **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    int k = 0;
    if (db_select(a, "SELECT " INTENT_COLS " FROM intents WHERE id > ? ORDER BY id LIMIT ?",
                  DB_PARAMS(DBP_INT(after), DBP_INT(limit)), &intent_layout, limit, NULL, &rows, &k,
                  err))
        return -1;
    struct intent *in = rows;
    for (int i = 0; with_examples && i < k; i++)
        if (load_examples(a, &in[i], err))
            return -1;
    *out = in;
    *n = k;
    return 0;
}

int db_intents_set_examples(long long id, const char *const *examples, int n, struct app_err *err)
{
    if (db_exec("DELETE FROM intent_examples WHERE intent_id = ?", DB_PARAMS(DBP_INT(id)), NULL,
                NULL, err))
        return -1;
    for (int i = 0; i < n; i++)
        if (db_exec("INSERT INTO intent_examples (intent_id, text) VALUES (?, ?)",
                    DB_PARAMS(DBP_INT(id), DBP_STR(examples[i])), NULL, NULL, err))
            return -1;
    return 0;
}

int db_intents_create(const struct intent *in, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO intents (name, description, response_template, auto_resolve, "
                     "threshold) VALUES (?, ?, ?, ?, ?)",
                     DB_PARAMS(DBP_STR(in->name), DBP_STR(in->description ? in->description : ""),
                               DBP_STR(in->response_template ? in->response_template : ""),
                               DBP_INT(in->auto_resolve),
                               in->has_threshold ? DBP_DBL(in->threshold) : DBP_NULL),
                     NULL, &insert_id, err);
    if (rc)
        return rc;
    *id = (long long)insert_id;
    return db_generation_bump(err) || db_intents_set_examples(*id, in->examples, in->nexamples, err)
               ? -1
               : 0;
}

int db_intents_update(long long id, const struct intent *in, struct app_err *err)
{
    return db_generation_bump(err)
               ? -1
               : db_exec(
                     "UPDATE intents SET description = ?, response_template = ?, auto_resolve = ?, "
                     "threshold = ? WHERE id = ?",
                     DB_PARAMS(DBP_STR(in->description ? in->description : ""),
                               DBP_STR(in->response_template ? in->response_template : ""),
                               DBP_INT(in->auto_resolve),
                               in->has_threshold ? DBP_DBL(in->threshold) : DBP_NULL, DBP_INT(id)),
                     NULL, NULL, err);
}

int db_intents_delete(long long id, struct app_err *err)
{
    return db_generation_bump(err) ? -1
                                   : db_exec("DELETE FROM intents WHERE id = ?",
                                             DB_PARAMS(DBP_INT(id)), NULL, NULL, err);
}

int db_intents_set_paused(long long id, bool paused, const char *reason, struct app_err *err)
{
    if (db_generation_bump(err))
        return -1;
    if (paused)
        return db_exec("UPDATE intents SET auto_paused = 1, paused_reason = ? WHERE id = ?",
                       DB_PARAMS(DBP_STR(reason ? reason : ""), DBP_INT(id)), NULL, NULL, err);
    return db_exec("UPDATE intents SET auto_paused = 0, paused_reason = '', auto_helpful = 0, "
                   "auto_unhelpful = 0 WHERE id = ?",
                   DB_PARAMS(DBP_INT(id)), NULL, NULL, err);
}

int db_intents_record_rating(const char *name, bool helpful, struct intent *after, bool *found,
                             struct arena *a, struct app_err *err)
{
    *found = false;
    if (db_exec(helpful ? "UPDATE intents SET auto_helpful = auto_helpful + 1 WHERE name = ?"
                        : "UPDATE intents SET auto_unhelpful = auto_unhelpful + 1 WHERE name = ?",
                DB_PARAMS(DBP_STR(name)), NULL, NULL, err))
        return -1;
    return one_intent(a, "SELECT " INTENT_COLS " FROM intents WHERE name = ? FOR UPDATE", name,
                      after, found, err);
}

struct each_ctx {
    db_example_fn fn;
    void *ctx;
};

static int each_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct each_ctx *c = ctx;
    if (c->fn(c->ctx, row->val[0], row->val[1]))
        return err_unavailable(err, "out of memory collecting examples");
    return 0;
}

int db_intents_each_example(db_example_fn fn, void *ctx, struct app_err *err)
{
    struct each_ctx c = {fn, ctx};
    return db_query("SELECT i.name, e.text FROM intent_examples e "
                    "JOIN intents i ON i.id = e.intent_id ORDER BY e.id",
                    DB_NO_PARAMS, each_row, &c, err);
}
