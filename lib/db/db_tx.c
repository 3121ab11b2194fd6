/* db_tx: the one place a conflicting transaction is run again (see db_tx.h). */
#include "db/db_tx.h"

#include <mysqld_error.h>

#include "core/log.h"
#include "db/db.h"

bool db_tx_conflicted(void)
{
    unsigned int code = db_last_error();
    return code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT;
}

int db_tx_retry(db_tx_body body, void *ctx, struct app_err *err)
{
    for (int attempt = 0;; attempt++) {
        unsigned long long before = db_durable_count();
        db_last_error_clear();
        int rc = body(ctx, err);
        bool again = db_tx_conflicted() || db_replayable();
        if (rc == 0 || attempt > 0 || !again || db_durable_count() != before)
            return rc;
        log_warn("transaction conflict or lost database node, running it again: %s", err->internal);
        db_rollback();
        err_clear(err);
    }
}
