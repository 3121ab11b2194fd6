/* db_audit: the audit trail of admin changes. */
#ifndef DESKPILOT_DB_AUDIT_H
#define DESKPILOT_DB_AUDIT_H

#include "core/arena.h"
#include "core/err.h"

struct audit_entry {
    long long id, actor_id; /* actor 0 = the system or the CLI */
    const char *action, *target, *detail, *created_at;
};

/* Record one change; call inside the transaction that makes the change. */
int db_audit_write(long long actor_id, const char *action, const char *target, const char *detail,
                   struct app_err *err);
/* Newest first, entries with id < before (0 = from the newest). */
int db_audit_list(struct arena *a, long long before, int limit, struct audit_entry **out, int *n,
                  struct app_err *err);

#endif
