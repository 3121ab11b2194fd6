/* ticket_pending: tickets that waited too long for their customer are resolved, so the
 * PENDING list holds only conversations that are still alive. */
#ifndef DESKPILOT_TICKET_TICKET_PENDING_H
#define DESKPILOT_TICKET_TICKET_PENDING_H

#include "core/arena.h"
#include "core/err.h"

/* The text the customer reads on a ticket resolved this way. */
extern const char ticket_pending_resolved_text[];

/* Resolve up to max PENDING tickets unchanged for the setting pending_auto_close_days
 * (nothing when it is 0): each in its own transaction — status RESOLVED, a system
 * message saying why and how to reopen (the customer's next message reopens it as
 * after any answer), the customer's "resolved" mail when mail is on, an audit entry
 * "ticket.auto_resolve" by no user, a new version. A ticket that changed meanwhile is
 * left alone. *resolved counts those done. 503 when the database is down. */
int ticket_pending_resolve_stale(struct arena *a, int max, int *resolved, struct app_err *err);

#endif
