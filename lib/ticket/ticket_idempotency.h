/* ticket_idempotency: the Idempotency-Key rule for the operations that create (a
 * ticket, a message). The key is claimed in the creating transaction, after the
 * row it names: a duplicate claim rolls that back and answers what the first
 * request created; nothing new is stored. */
#ifndef DESKPILOT_TICKET_TICKET_IDEMPOTENCY_H
#define DESKPILOT_TICKET_TICKET_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"

/* One request's key, and the canonical text of the request it is claimed for
 * (the same request retried gives the same text; only its SHA-256 is stored). */
struct idem {
    const char *key;     /* NULL: no key, the calls below do nothing */
    const char *request; /* built only when there is a key */
    long long row;
};

/* Inside the creating transaction, after the row: claim the key for what was
 * created (message_id 0: a ticket). 0, or 1 when the key was already used (the
 * transaction is rolled back, *ticket_id and *message_id are what the first
 * request created), or -1: 422 naming the header when the key was used for a
 * different request, 409 when its claim vanished (retry). */
int idem_claim(struct idem *k, const struct principal *who, long long *ticket_id,
               long long *message_id, struct app_err *err);
/* Outside a transaction: 1 when the key is live for this same request (*ticket_id,
 * *message_id: what it created), 0 when unknown or expired, -1: 422 naming the header
 * when it was used for a different request. */
int idem_lookup(const struct idem *k, const struct principal *who, long long *ticket_id,
                long long *message_id, struct app_err *err);
/* After the commit: now and then, prune expired keys (a failure is only logged). */
void idem_committed(const struct idem *k);

#endif
