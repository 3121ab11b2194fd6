/* service: the database hooks of every worker group and the health check. */
#include "service/service.h"

#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_model.h"
#include "db/db_tx.h"

static int store_open(struct app_err *err)
{
    return db_connect(err);
}

static void store_end_request(void)
{
    db_rollback();
    db_generation_forget(); /* the next request reads its own */
}

static void store_close(void)
{
    db_close();
}

/* Every handler runs under db_tx_retry: a transaction that lost a deadlock or Galera's
 * certification is run again once, whichever handler it was. */
const struct app_store service_store = {store_open, store_end_request, store_close, db_tx_retry};

int service_health(long long *model_version, struct app_err *err)
{
    *model_version = 0;
    return db_ping(err) || db_model_latest(model_version, err) ? -1 : 0;
}

int service_model_version(long long *version, struct app_err *err)
{
    *version = 0;
    return db_model_latest(version, err);
}
