/* view_audit: the audit entry object of the contract. */
#ifndef DESKPILOT_VIEW_AUDIT_H
#define DESKPILOT_VIEW_AUDIT_H

#include "core/arena.h"
#include "db/db_audit.h"

struct json_object;

/* {"id", "actor_id" (null for the system), "action", "target", "detail"? (when
 * recorded), "created_at"}. Owned by a; NULL when out of memory. */
struct json_object *view_audit(struct arena *a, const struct audit_entry *e);

#endif
