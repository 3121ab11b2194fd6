/* db_intents: SQL for intents and intent_examples. */
#include "db/db_intents.h"

#include <string.h>

#include "db/db.h"

#define INTENT_COLS                                                                            \
    "id, name, description, response_template, auto_resolve, threshold, auto_paused, "        \
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
    int rc = db_query("SELECT COUNT(*) FROM intents WHERE name = ?",
                      DB_PARAMS(DBP_STR(name)), db_row_first_ll, &n, err);
    *exists = n > 0;
    return rc;
}

struct intent_rows {
    struct arena *a;
    struct intent *out;
    int max, n;
};

static int intent_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct intent_rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    struct intent *in = &r->out[r->n];
    memset(in, 0, sizeof *in);
    in->id = db_row_ll(row, 0);
    in->name = db_row_dup(r->a, row, 1, err);
    in->description = db_row_dup(r->a, row, 2, err);
    in->response_template = db_row_dup(r->a, row, 3, err);
    in->auto_resolve = db_row_ll(row, 4) != 0;
    in->has_threshold = !db_row_null(row, 5);
    in->threshold = db_row_dbl(row, 5);
    in->auto_paused = db_row_ll(row, 6) != 0;
    in->paused_reason = db_row_dup(r->a, row, 7, err);
    in->auto_helpful = db_row_ll(row, 8);
    in->auto_unhelpful = db_row_ll(row, 9);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

struct example_rows {
    struct arena *a;
    const char **out;
    int max, n;
};

static int example_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct example_rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    if (!(r->out[r->n] = db_row_dup(r->a, row, 0, err)))
        return -1;
    r->n++;
    return 0;
}

static int load_examples(struct arena *a, struct intent *in, struct app_err *err)
{
    struct example_rows r = {a, arena_calloc(a, MAX_EXAMPLES, sizeof(char *)), MAX_EXAMPLES, 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    if (db_query("SELECT text FROM intent_examples WHERE intent_id = ? ORDER BY id",
                 DB_PARAMS(DBP_INT(in->id)), example_row, &r, err))
        return -1;
    in->examples = r.out;
    in->nexamples = r.n;
    return 0;
}

int db_intents_get(struct arena *a, const char *name, struct intent *out, bool *found,
                   struct app_err *err)
{
    *found = false;
    if (!is_name(name))
        return 0;
    struct intent_rows r = {a, out, 1, 0};
    if (db_query("SELECT " INTENT_COLS " FROM intents WHERE name = ?",
                 DB_PARAMS(DBP_STR(name)), intent_row, &r, err))
        return -1;
    *found = r.n == 1;
    return *found ? load_examples(a, out, err) : 0;
}

int db_intents_all(struct arena *a, struct intent **out, int *n, struct app_err *err)
{
    return db_intents_list(a, 0, DB_INTENTS_MAX, false, out, n, err);
}

int db_intents_list(struct arena *a, long long after, int limit, bool with_examples,
                    struct intent **out, int *n, struct app_err *err)
{
    struct intent_rows r = {a, arena_calloc(a, (size_t)limit, sizeof(struct intent)), limit, 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    if (db_query("SELECT " INTENT_COLS " FROM intents WHERE id > ? ORDER BY id LIMIT ?",
                 DB_PARAMS(DBP_INT(after), DBP_INT(limit)), intent_row, &r, err))
        return -1;
    for (int i = 0; with_examples && i < r.n; i++)
        if (load_examples(a, &r.out[i], err))
            return -1;
    *out = r.out;
    *n = r.n;
    return 0;
}

int db_intents_set_examples(long long id, const char *const *examples, int n,
                            struct app_err *err)
{
    if (db_exec("DELETE FROM intent_examples WHERE intent_id = ?",
                DB_PARAMS(DBP_INT(id)), NULL, NULL, err))
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
                                         in->has_threshold ? DBP_DBL(in->threshold) : DBP_NULL), NULL, &insert_id, err);
    if (rc)
        return rc;
    *id = (long long)insert_id;
    return db_intents_set_examples(*id, in->examples, in->nexamples, err);
}

int db_intents_update(long long id, const struct intent *in, struct app_err *err)
{
    return db_exec("UPDATE intents SET description = ?, response_template = ?, auto_resolve = ?, "
                   "threshold = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(in->description ? in->description : ""),
                                       DBP_STR(in->response_template ? in->response_template : ""),
                                       DBP_INT(in->auto_resolve),
                                       in->has_threshold ? DBP_DBL(in->threshold) : DBP_NULL,
                                       DBP_INT(id)), NULL, NULL, err);
}

int db_intents_delete(long long id, struct app_err *err)
{
    return db_exec("DELETE FROM intents WHERE id = ?", DB_PARAMS(DBP_INT(id)), NULL,
                   NULL, err);
}

int db_intents_set_paused(long long id, bool paused, const char *reason, struct app_err *err)
{
    if (paused)
        return db_exec("UPDATE intents SET auto_paused = 1, paused_reason = ? WHERE id = ?",
                       DB_PARAMS(DBP_STR(reason ? reason : ""), DBP_INT(id)), NULL,
                       NULL, err);
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
    struct intent_rows r = {a, after, 1, 0};
    if (db_query("SELECT " INTENT_COLS " FROM intents WHERE name = ? FOR UPDATE",
                 DB_PARAMS(DBP_STR(name)), intent_row, &r, err))
        return -1;
    *found = r.n == 1;
    return 0;
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
