/* ticket_pending: find the stale PENDING tickets first, then take each under its own
 * row lock and re-check, so a customer's answer arriving meanwhile wins. */
#include "ticket/ticket_pending.h"

#include <stdio.h>

#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_settings.h"
#include "db/db_tickets.h"
#include "db/db_tx.h"
#include "outbox/outbox.h"
#include "ticket/sla.h"

const char ticket_pending_resolved_text[] =
    "We have not heard back from you, so we marked this request as resolved. If you still "
    "need help, just reply here and it opens again.";

static int resolve_one(struct arena *a, long long id, long long days, bool *done,
                       struct app_err *err)
{
    char target[32];
    snprintf(target, sizeof target, "ticket:%lld", id);
    char detail[64];
    snprintf(detail, sizeof detail, "pending for %lld days without a change", days);
    *done = false;
    if (db_begin(err) || db_tickets_lock_stale_pending(id, days, done, err))
        return -1;
    if (!*done)
        return db_commit(err);
    /* The SLA's resolution clock stood still while it waited: settled as for any
     * ticket leaving PENDING, so the wait is not counted against the desk. */
    struct ticket t;
    bool found = false;
    if (db_tickets_get(a, id, false, &t, &found, err))
        return -1;
    return (found && sla_on_change(&t, TS_RESOLVED, NULL, err)) ||
                   db_tickets_set_status(id, TS_RESOLVED, err) ||
                   db_tickets_add_message(id, 0, "system", ticket_pending_resolved_text, false,
                                          NULL, err) ||
                   outbox_enqueue(id, OUTBOX_RESOLVED, NULL, 0, err) ||
                   db_audit_write(0, "ticket.auto_resolve", target, detail, err) ||
                   db_tickets_bump_version(id, NULL, err) || db_commit(err)
               ? -1
               : 0;
}

struct resolve_call {
    struct arena *a;
    long long id, days;
    bool done;
};

/* One ticket's resolution, run again on a conflict (db_tx): the ones before it are
 * committed. */
static int resolve_body(void *ctx, struct app_err *err)
{
    struct resolve_call *c = ctx;
    return resolve_one(c->a, c->id, c->days, &c->done, err);
}

int ticket_pending_resolve_stale(struct arena *a, int max, int *resolved, struct app_err *err)
{
    *resolved = 0;
    struct settings s;
    if (db_settings_load(&s, err))
        return -1;
    if (s.pending_auto_close_days <= 0)
        return 0;
    long long *ids = NULL;
    int n = 0;
    if (db_tickets_stale_pending(a, s.pending_auto_close_days, max, &ids, &n, err))
        return -1;
    for (int i = 0; i < n; i++) {
        struct resolve_call c = {a, ids[i], s.pending_auto_close_days, false};
        if (db_tx_retry(resolve_body, &c, err)) {
            db_rollback();
            return -1;
        }
        *resolved += c.done;
    }
    return 0;
}
