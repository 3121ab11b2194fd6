/* view_ticket: the Ticket object of the contract, in the staff or the customer view. */
#ifndef DESKPILOT_VIEW_TICKET_H
#define DESKPILOT_VIEW_TICKET_H

#include <stdbool.h>

#include "core/arena.h"
#include "db/db_attachments.h"
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

/* {"id" (the random name), "name", "content_type", "size", "image", "width",
 * "height" (verified images; else null), "message_id" (null: on the ticket),
 * "created_at", "url" (GET it with the same token)}. Owned by a; NULL on no memory. */
struct json_object *view_attachment(struct arena *a, const struct attachment *at);
/* An array of view_attachment; NULL when out of memory. */
struct json_object *view_attachments(struct arena *a, const struct attachment *at, int n);

#endif
