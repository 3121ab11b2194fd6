/* view_ticket: the Ticket object of the contract, in the staff or the customer view. */
#ifndef DESKPILOT_VIEW_TICKET_H
#define DESKPILOT_VIEW_TICKET_H

#include <stdbool.h>

#include "core/arena.h"
#include "db/db_tickets.h"

struct json_object;

/* Ticket JSON. staff=false hides what only agents may see: an unsent response,
 * its source, the similar ticket and the decision's reasoning. messages may be
 * NULL (lists) — then there is no "messages" key. Owned by a; NULL when out of
 * memory. */
struct json_object *view_ticket(struct arena *a, const struct ticket *t, bool staff,
                                const struct ticket_message *messages, int nmessages);
/* {"id","author_id","author_role","body","created_at"}, as view_ticket. */
struct json_object *view_message(struct arena *a, const struct ticket_message *m);

#endif
