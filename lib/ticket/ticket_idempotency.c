/* ticket_idempotency: claim or replay an Idempotency-Key. */
#include "ticket/ticket_idempotency.h"

#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "db/db_idempotency.h"

int idem_claim(struct idem *k, const struct principal *who, long long *ticket_id,
               long long *message_id, struct app_err *err)
{
    if (!k->key)
        return 0;
    int rc = db_idempotency_claim(who->id, k->key, k->request, strlen(k->request), *ticket_id,
                                  *message_id, &k->row, err);
    if (rc != DB_DUPLICATE)
        return rc;
    /* A repeat: what this attempt wrote goes, the first one's answer comes back. */
    db_rollback();
    rc = idem_lookup(k, who, ticket_id, message_id, err);
    if (rc == 0)
        return err_set(err, ERR_CONFLICT,
                       "a request with this Idempotency-Key just expired; retry");
    return rc;
}

int idem_lookup(const struct idem *k, const struct principal *who, long long *ticket_id,
                long long *message_id, struct app_err *err)
{
    if (!k->key)
        return 0;
    bool found, same;
    if (db_idempotency_find(who->id, k->key, k->request, strlen(k->request), &found, &same,
                            ticket_id, message_id, err))
        return -1;
    if (!found)
        return 0;
    if (!same)
        return err_field(err, "Idempotency-Key", "was already used for a different request");
    return 1;
}

void idem_committed(const struct idem *k)
{
    struct app_err err = {0};
    if (k->key && k->row > 0 && k->row % IDEMPOTENCY_PRUNE_EVERY == 0 && db_idempotency_prune(&err))
        log_warn("pruning expired idempotency keys failed: %s", err.internal);
}
