/* db_generation: the per-request reading of the cache counter. */
#include "db/db_generation.h"

#include <stdbool.h>

#include "db/db.h"

static long long seen; /* workers are single-threaded: one request at a time */

void db_generation_note(long long n)
{
    seen = n;
}

void db_generation_forget(void)
{
    seen = 0;
}

int db_generation_now(long long *n, struct app_err *err)
{
    if (seen > 0) {
        *n = seen;
        return 0;
    }
    *n = 0;
    if (db_query("SELECT n FROM generation WHERE id = 1", DB_NO_PARAMS, db_row_first_ll, n, err))
        return -1;
    seen = *n;
    return 0;
}

static bool batch; /* inside a batch writer's bracket: bumps wait for its end */

int db_generation_bump(struct app_err *err)
{
    if (batch)
        return 0;
    return db_exec("UPDATE generation SET n = n + 1 WHERE id = 1", DB_NO_PARAMS, NULL, NULL, err);
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
