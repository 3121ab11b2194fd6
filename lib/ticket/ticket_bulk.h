/* ticket_bulk: one staff change applied to several tickets (the queue's bulk actions,
 * POST /api/tickets/bulk). */
#ifndef DESKPILOT_TICKET_TICKET_BULK_H
#define DESKPILOT_TICKET_TICKET_BULK_H

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "ticket/ticket_ops.h"

#define TICKET_BULK_MAX 100

/* How one ticket took the change: code ERR_NONE, or why it was left as it was. */
struct ticket_bulk_outcome {
    long long id;
    enum err_code code;
    char detail[256];
};

/* Apply p to tickets ids[0..n) (n <= TICKET_BULK_MAX; p->if_version is ignored), each
 * as its own change — its own transaction and version, so one that cannot take it
 * (closed, 404, refused) is left as it is and the rest go on. out[i] tells ids[i]'s
 * outcome. Fails as a whole only when the database is down or memory ran out (503);
 * tickets changed before that stay changed. */
int ticket_ops_bulk(struct arena *a, const struct principal *who, const long long *ids, int n,
                    const struct ticket_patch *p, struct ticket_bulk_outcome *out,
                    struct app_err *err);

#endif
