/* view_macro: the Macro object of the contract, as stored or filled in for a ticket. */
#ifndef DESKPILOT_VIEW_MACRO_H
#define DESKPILOT_VIEW_MACRO_H

#include "core/arena.h"
#include "db/db_macros.h"

struct json_object;

/* {"id","title","body","created_at","updated_at"}; rendered (not NULL): the body
 * filled in for a ticket, and "ticket_id" that ticket (ticket_id > 0). Owned by a;
 * NULL when out of memory. */
struct json_object *view_macro(struct arena *a, const struct macro *m, const char *rendered,
                               long long ticket_id);

#endif
