/* ticket_notify: who is told of a ticket's change — a notification in the pages and,
 * for staff who chose it, a mail through the outbox — written inside the change's own
 * transaction, and each user's list, read marks and choices. The customer's mails
 * stay the outbox's own (outbox_enqueue in ticket_ops): a notification never mails
 * a customer, so nothing is mailed twice. A notification names the ticket and what
 * happened, never a message's text, so an internal note cannot reach a customer. */
#ifndef DESKPILOT_TICKET_TICKET_NOTIFY_H
#define DESKPILOT_TICKET_TICKET_NOTIFY_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "core/paging.h"
#include "db/db_notifications.h"

/* --- events, inside the caller's transaction --- */

/* A new ticket waits in the queue: staff who chose new tickets are told (one
 * statement; with mail on, one more for those who chose mail). */
int ticket_notify_new(long long ticket_id, struct app_err *err);
/* Staff wrote to, resolved or closed the customer's ticket (kind "reply",
 * "resolved" or "closed"): the customer is told. */
int ticket_notify_customer(long long customer_id, long long ticket_id, const char *kind,
                           struct app_err *err);
/* actor changed ticket_id; its assignee (assignee_id, 0: none) is told unless it
 * was themself or they chose not to be. Nothing at all without an assignee. */
int ticket_notify_assignee(long long ticket_id, long long assignee_id, long long actor_id,
                           struct app_err *err);

/* --- the user's own --- */

/* min(unread, NOTIFICATIONS_UNREAD_MAX) of who: one bounded indexed count. */
int ticket_notify_unread(const struct principal *who, long long *n, struct app_err *err);
/* A page of who's notifications, newest first; *next the next page's cursor or NULL. */
int ticket_notify_list(struct arena *a, const struct principal *who, const struct page *p,
                       struct notification_row **out, int *n, const char **next,
                       struct app_err *err);
/* Mark read: notification id (> 0; 404 when it is not who's), else every unread one
 * up to up_to. *marked: how many changed. */
int ticket_notify_read(const struct principal *who, long long id, long long up_to,
                       long long *marked, struct app_err *err);
/* One of who's notifications (404 for another's); marks it read. */
int ticket_notify_open(struct arena *a, const struct principal *who, long long id,
                       struct notification_row *out, struct app_err *err);
/* Where a notification leads: the ticket's page for who's role (arena string). */
const char *ticket_notify_url(struct arena *a, const struct principal *who,
                              const struct notification_row *r);
/* What a notification says, in a sentence (static text). */
const char *ticket_notify_text(const char *kind);

/* Staff's choices; a customer's are fixed (403 on put). */
int ticket_notify_prefs(const struct principal *who, struct notification_prefs *p,
                        struct app_err *err);
int ticket_notify_set_prefs(const struct principal *who, const struct notification_prefs *p,
                            struct app_err *err);

#endif
