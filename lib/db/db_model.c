/* db_model: SQL for training input, model_versions and the stored model files (model_chunks). */
#include "db/db_model.h"

#include "db/db.h"

struct solution_ctx {
    db_solution_fn fn;
    void *ctx;
};

static int solution_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct solution_ctx *c = ctx;
    struct db_solution s = {
        .seq = db_row_ll(row, 0),
        .ticket_id = db_row_ll(row, 1),
        .text = row->val[2],
        .intent = row->val[3],
        .solution = row->val[4] ? row->val[4] : "",
        .reusable = db_row_ll(row, 5) != 0,
        .retracted = row->ncols > 6 && db_row_ll(row, 6) != 0,
    };
    if (!s.text)
        return 0;
    return c->fn(c->ctx, &s) ? err_unavailable(err, "out of memory adding a solution") : 0;
}

/* A resolution stands while the ticket is RESOLVED or CLOSED by an agent's answer. */
#define SOLUTION_COLS                                                                              \
    "s.id, t.id, CONCAT(t.subject, '\\n', t.body), t.intent, t.response, t.reusable"
#define STANDS "t.response_source = 'agent' AND t.status IN ('RESOLVED', 'CLOSED')"

int db_model_solutions(long long after, int limit, db_solution_fn fn, void *ctx,
                       struct app_err *err)
{
    struct solution_ctx c = {fn, ctx};
    if (limit <= 0) /* the whole corpus: each ticket once, by its latest solution */
        return db_query("SELECT " SOLUTION_COLS " FROM tickets t JOIN "
                        "(SELECT ticket_id, MAX(id) AS id FROM solutions GROUP BY ticket_id) s "
                        "ON s.ticket_id = t.id WHERE " STANDS " ORDER BY t.id",
                        DB_NO_PARAMS, solution_row, &c, err);
    return db_query("SELECT " SOLUTION_COLS ", s.retracted FROM solutions s "
                    "JOIN tickets t ON t.id = s.ticket_id "
                    "WHERE s.id > ? AND (s.retracted = 1 OR " STANDS ") ORDER BY s.id LIMIT ?",
                    DB_PARAMS(DBP_INT(after), DBP_INT(limit)), solution_row, &c, err);
}

struct labelled_ctx {
    db_labelled_fn fn;
    void *ctx;
};

static int labelled_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct labelled_ctx *c = ctx;
    if (!row->val[0] || !row->val[1])
        return 0;
    return c->fn(c->ctx, row->val[0], row->val[1]) ? err_unavailable(err, "out of memory") : 0;
}

int db_model_labelled(db_labelled_fn fn, void *ctx, struct app_err *err)
{
    struct labelled_ctx c = {fn, ctx};
    /* Only intents still in the catalogue: a deleted intent must not come back. */
    return db_query("SELECT t.intent, CONCAT(t.subject, '\\n', t.body) FROM tickets t "
                    "JOIN intents i ON i.name = t.intent WHERE " STANDS " ORDER BY t.id",
                    DB_NO_PARAMS, labelled_row, &c, err);
}

static int unlabelled_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct labelled_ctx *c = ctx;
    if (!row->val[0])
        return 0;
    return c->fn(c->ctx, NULL, row->val[0]) ? err_unavailable(err, "out of memory") : 0;
}

int db_model_unlabelled(const char *reserved, db_labelled_fn fn, void *ctx, struct app_err *err)
{
    struct labelled_ctx c = {fn, ctx};
    return db_query("SELECT CONCAT(t.subject, '\\n', t.body) FROM tickets t "
                    "WHERE " STANDS " AND (t.intent = ? OR (t.intent IS NULL AND "
                    "(t.predicted_intent IS NOT NULL OR t.decision_reason = 'imported'))) "
                    "ORDER BY t.id",
                    DB_PARAMS(DBP_STR(reserved)), unlabelled_row, &c, err);
}

int db_model_watermark_now(long long *seq, struct app_err *err)
{
    *seq = 0;
    return db_query("SELECT COALESCE(MAX(id), 0) FROM solutions", DB_NO_PARAMS, db_row_first_ll,
                    seq, err);
}

int db_model_next_version(long long *version, struct app_err *err)
{
    *version = 0;
    return db_query("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions", DB_NO_PARAMS,
                    db_row_first_ll, version, err);
}

int db_model_record(const struct db_model_version *v, struct app_err *err)
{
    return db_exec("INSERT INTO model_versions (version, solution_watermark, intents, examples, "
                   "tickets, train_ms, actor_id, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_PARAMS(DBP_INT(v->version), DBP_INT(v->watermark), DBP_INT(v->intents),
                             DBP_INT(v->examples), DBP_INT(v->tickets), DBP_INT(v->train_ms),
                             db_param_id(v->actor_id), DBP_STR(v->sha256), DBP_INT(v->bytes)),
                   NULL, NULL, err);
}

int db_model_put_chunk(long long version, long long seq, const void *data, size_t len,
                       struct app_err *err)
{
    return db_exec("INSERT INTO model_chunks (version, seq, chunk) VALUES (?, ?, ?)",
                   DB_PARAMS(DBP_INT(version), DBP_INT(seq), DBP_BLOB(data, len)), NULL, NULL, err);
}

int db_model_republish(long long version, const char *sha256, long long bytes, struct app_err *err)
{
    return db_exec("DELETE FROM model_chunks", DB_NO_PARAMS, NULL, NULL, err) ||
                   db_exec("UPDATE model_versions SET sha256 = ?, bytes = ? WHERE version = ?",
                           DB_PARAMS(DBP_STR(sha256), DBP_INT(bytes), DBP_INT(version)), NULL, NULL,
                           err)
               ? -1
               : 0;
}

struct chunk_ctx {
    db_chunk_fn fn;
    void *ctx;
    bool found;
};

static int chunk_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct chunk_ctx *c = ctx;
    c->found = row->val[0] != NULL;
    return c->found ? c->fn(c->ctx, row->val[0], row->len[0], err) : 0;
}

int db_model_chunk(long long version, long long seq, db_chunk_fn fn, void *ctx, bool *found,
                   struct app_err *err)
{
    struct chunk_ctx c = {fn, ctx, false};
    int rc = db_query("SELECT chunk FROM model_chunks WHERE version = ? AND seq = ?",
                      DB_PARAMS(DBP_INT(version), DBP_INT(seq)), chunk_row, &c, err);
    *found = c.found;
    return rc;
}

struct digest_ctx {
    struct arena *a;
    char **sha256;
    long long *bytes;
    bool found;
};

static int digest_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct digest_ctx *c = ctx;
    if (!row->val[0] || !row->val[1])
        return 0; /* recorded before sql/024, or republished without a file: none to fetch */
    if (!(*c->sha256 = db_row_dup(c->a, row, 0, err)))
        return -1;
    *c->bytes = db_row_ll(row, 1);
    c->found = true;
    return 0;
}

int db_model_digest(struct arena *a, long long version, char **sha256, long long *bytes,
                    bool *found, struct app_err *err)
{
    *sha256 = NULL;
    *bytes = 0;
    struct digest_ctx c = {a, sha256, bytes, false};
    int rc = db_query("SELECT sha256, bytes FROM model_versions WHERE version = ?",
                      DB_PARAMS(DBP_INT(version)), digest_row, &c, err);
    *found = c.found;
    return rc;
}

int db_model_prune(long long keep, struct app_err *err)
{
    long long cut = 0;
    if (db_query("SELECT version FROM model_versions ORDER BY version DESC LIMIT 1 OFFSET ?",
                 DB_PARAMS(DBP_INT(keep)), db_row_first_ll, &cut, err))
        return -1;
    if (cut <= 0)
        return 0;
    return db_exec("DELETE FROM model_chunks WHERE version <= ?", DB_PARAMS(DBP_INT(cut)), NULL,
                   NULL, err);
}

int db_model_watermark(long long version, long long *watermark, bool *found, struct app_err *err)
{
    *watermark = 0;
    long long n = 0;
    if (db_query("SELECT COUNT(*) FROM model_versions WHERE version = ?",
                 DB_PARAMS(DBP_INT(version)), db_row_first_ll, &n, err) ||
        db_query(
            "SELECT COALESCE(MAX(solution_watermark), 0) FROM model_versions WHERE version = ?",
            DB_PARAMS(DBP_INT(version)), db_row_first_ll, watermark, err))
        return -1;
    *found = n > 0;
    return 0;
}

int db_model_latest(long long *version, struct app_err *err)
{
    *version = 0;
    return db_query("SELECT COALESCE(MAX(version), 0) FROM model_versions", DB_NO_PARAMS,
                    db_row_first_ll, version, err);
}
