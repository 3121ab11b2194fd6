/* admin_list: one page of the admin lists (users, intents, the audit log) with the
 * cursor of the next page — the same paging for the API and the admin pages. */
#ifndef DESKPILOT_ADMIN_LIST_H
#define DESKPILOT_ADMIN_LIST_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_audit.h"
#include "db/db_intents.h"
#include "core/paging.h"

/* Each fills *out (arena array) with at most p->limit rows after p->after and sets
 * *next to the signed cursor of the following page (in the arena), or NULL on the
 * last page. 503 when the database is down or memory ran out. */

/* Intents by id, with their examples when with_examples. */
int admin_list_intents(struct arena *a, bool with_examples, const struct page *p,
                       struct intent **out, int *n, const char **next, struct app_err *err);
/* The audit log, newest first. */
int admin_list_audit(struct arena *a, const struct page *p, struct audit_entry **out, int *n,
                     const char **next, struct app_err *err);

#endif
