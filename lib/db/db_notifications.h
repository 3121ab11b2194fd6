/* db_notifications: what each user is told in the pages (notifications) and what
 * staff chose to be told (notification_prefs). */
#ifndef DESKPILOT_DB_NOTIFICATIONS_H
#define DESKPILOT_DB_NOTIFICATIONS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

/* The unread count stops here ("99+" in the header): counting stays bounded. */
#define NOTIFICATIONS_UNREAD_MAX 100

/* One notification as the list shows it; strings are arena copies. */
struct notification_row {
    long long id, ticket_id;
    const char *kind;                 /* reply, resolved, closed, new_ticket, ticket_changed */
    const char *subject;              /* the ticket's (NULL when it is gone) */
    const char *created_at, *read_at; /* RFC 3339; read_at NULL while unread */
};

/* Staff's choices; a user without a row has NOTIFY_PREFS_DEFAULT. */
struct notification_prefs {
    bool new_tickets; /* every new ticket in the queue */
    bool assigned;    /* a ticket assigned to me changed (by someone else) */
    bool by_mail;     /* mail me too */
};
#define NOTIFY_PREFS_DEFAULT ((struct notification_prefs){false, true, false})

/* Tell user_id of ticket_id (kind as above). Inside the caller's transaction. */
int db_notify_user(long long user_id, long long ticket_id, const char *kind, struct app_err *err);
/* Tell every active agent and admin who chose new_tickets of ticket_id: one
 * INSERT … SELECT. */
int db_notify_new_ticket(long long ticket_id, struct app_err *err);
/* Tell ticket_id's assignee that it changed, unless the assignee is actor_id, there
 * is none, or they chose not to be told: one INSERT … SELECT. */
int db_notify_assignee(long long ticket_id, long long actor_id, struct app_err *err);

/* min(unread, NOTIFICATIONS_UNREAD_MAX) of user_id: one indexed, bounded count. */
int db_notifications_unread(long long user_id, long long *n, struct app_err *err);
/* user_id's notifications with id < before (0: from the newest), newest first. */
int db_notifications_list(struct arena *a, long long user_id, long long before, int limit,
                          struct notification_row **out, int *n, struct app_err *err);
/* Mark user_id's unread notifications read: the one numbered id (id > 0), or all up
 * to and including up_to (id == 0). *marked: how many changed. */
int db_notifications_read(long long user_id, long long id, long long up_to,
                          unsigned long long *marked, struct app_err *err);
/* One of user_id's notifications; *found false when there is none (or another's). */
int db_notifications_get(struct arena *a, long long user_id, long long id,
                         struct notification_row *out, bool *found, struct app_err *err);

int db_notification_prefs_get(long long user_id, struct notification_prefs *p, struct app_err *err);
int db_notification_prefs_put(long long user_id, const struct notification_prefs *p,
                              struct app_err *err);

#endif
