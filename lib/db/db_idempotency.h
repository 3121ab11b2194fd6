/* db_idempotency: the Idempotency-Key table (sql/012) — claim a key inside the
 * transaction that creates the resource, find what a repeated key created. */
#ifndef DESKPILOT_DB_DB_IDEMPOTENCY_H
#define DESKPILOT_DB_DB_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* A key is honoured this long; older ones are expired (reusable) and pruned. */
#define IDEMPOTENCY_HOURS 24
/* One claim in this many also prunes expired keys (by the claim's row id). */
#define IDEMPOTENCY_PRUNE_EVERY 64

/* Store user's key for the request whose canonical text is request[len]
 * (fingerprinted, not kept) and what it created (message_id 0: a ticket).
 * Inside the caller's transaction. An expired row of the same key is replaced.
 * Returns 0 (*row_id: the claim's id), DB_DUPLICATE when the key is already
 * in use (err left unset), or -1. */
int db_idempotency_claim(long long user_id, const char *key, const char *request, size_t len,
                         long long ticket_id, long long message_id, long long *row_id,
                         struct app_err *err);

/* What user's key created: *found, *same (request[len] is the request it was
 * claimed for), the ticket and message (0: none) it created. */
int db_idempotency_find(long long user_id, const char *key, const char *request, size_t len,
                        bool *found, bool *same, long long *ticket_id, long long *message_id,
                        struct app_err *err);

/* Delete up to a few hundred expired keys (autocommit). */
int db_idempotency_prune(struct app_err *err);

#endif
