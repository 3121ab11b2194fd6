/* view_audit: the audit entry object of the contract. */
#ifndef DESKPILOT_VIEW_AUDIT_H
#define DESKPILOT_VIEW_AUDIT_H

#include "db/db_audit.h"

struct json_object;

/* {"id", "actor_id" (null for the system), "action", "target", "detail"? (when
 * recorded), "created_at"}. Caller owns; NULL when out of memory. */
struct json_object *view_audit(const struct audit_entry *e);

#endif
