/* audit_list: the audit log a page at a time, newest first. */
#ifndef DESKPILOT_AUDIT_AUDIT_LIST_H
#define DESKPILOT_AUDIT_AUDIT_LIST_H

#include "core/arena.h"
#include "core/err.h"
#include "core/paging.h"
#include "db/db_audit.h"

/* At most p->limit entries after p->after into *out (arena array); *next gets the
 * signed cursor of the next page or NULL on the last. 503 when the database is
 * down or memory ran out. */
int audit_list(struct arena *a, const struct page *p, struct audit_entry **out, int *n,
               const char **next, struct app_err *err);

#endif
