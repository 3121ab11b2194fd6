/* ticket_bulk: ticket_ops_update once per ticket — the per-ticket rules (lifecycle,
 * assignee checks, versions, mails) stay in one place. */
#include "ticket/ticket_bulk.h"

#include <stdio.h>

int ticket_ops_bulk(struct arena *a, const struct principal *who, const long long *ids, int n,
                    const struct ticket_patch *p, struct ticket_bulk_outcome *out,
                    struct app_err *err)
{
    struct ticket_patch one = *p;
    one.if_version = 0;
    for (int i = 0; i < n && i < TICKET_BULK_MAX; i++) {
        struct app_err e;
        err_clear(&e);
        out[i].id = ids[i];
        out[i].code = ERR_NONE;
        out[i].detail[0] = '\0';
        if (ticket_ops_update(a, who, ids[i], &one, &e) == 0)
            continue;
        if (e.code == ERR_UNAVAILABLE || e.code == ERR_INTERNAL) {
            *err = e;
            return -1;
        }
        out[i].code = e.code;
        if (e.nfields)
            snprintf(out[i].detail, sizeof out[i].detail, "%s %s", e.fields[0].field,
                     e.fields[0].message);
        else
            snprintf(out[i].detail, sizeof out[i].detail, "%s", e.detail);
    }
    return 0;
}
