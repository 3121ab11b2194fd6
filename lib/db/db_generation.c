/* db_generation: the per-request reading of the cache counter. */
#include "db/db_generation.h"

#include <stdbool.h>

#include "db/db.h"

/* Workers are single-threaded: one request at a time. */
static long long seen, seen_model;

void db_generation_note(long long n, long long model_version)
{
    seen = n;
    seen_model = model_version;
}

void db_generation_forget(void)
{
    seen = 0;
    seen_model = 0;
}

static int read_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)ctx;
    (void)err;
    db_generation_note(db_row_ll(row, 0), db_row_ll(row, 1));
    return 0;
}

/* The noted reading, or one statement for both numbers. */
static int reading(struct app_err *err)
{
    if (seen > 0)
        return 0;
    return db_query("SELECT n, model_version FROM generation WHERE id = 1", DB_NO_PARAMS, read_row,
                    NULL, err);
}

int db_generation_now(long long *n, struct app_err *err)
{
    *n = 0;
    if (reading(err))
        return -1;
    *n = seen;
    return 0;
}

int db_generation_model(long long *version, struct app_err *err)
{
    *version = 0;
    if (reading(err))
        return -1;
    *version = seen_model;
    return 0;
}

static bool batch; /* inside a batch writer's bracket: bumps wait for its end */

int db_generation_bump(struct app_err *err)
{
    if (batch)
        return 0;
    return db_exec("UPDATE generation SET n = n + 1 WHERE id = 1", DB_NO_PARAMS, NULL, NULL, err);
}

int db_generation_bump_model(long long version, struct app_err *err)
{
    return db_exec("UPDATE generation SET n = n + 1, model_version = GREATEST(model_version, ?) "
                   "WHERE id = 1",
                   DB_PARAMS(DBP_INT(version)), NULL, NULL, err);
}

int db_generation_batch_begin(struct app_err *err)
{
    (void)err;
    batch = true;
    return 0;
}

int db_generation_batch_end(struct app_err *err)
{
    batch = false;
    return db_generation_bump(err);
}
