/* outbox: what a customer is told by mail, queued with the change that tells it, and
 * what the admins see of it. Delivery is outbox_send.h's. */
#ifndef DESKPILOT_OUTBOX_OUTBOX_H
#define DESKPILOT_OUTBOX_OUTBOX_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "core/paging.h"
#include "db/db_outbox.h"

/* What a mail tells the customer; the names are the outbox.kind values. */
enum outbox_kind {
    OUTBOX_AUTO_ANSWER,    /* the pipeline's automatic answer, with feedback links */
    OUTBOX_REPLY,          /* an agent's reply (a resolution or not) */
    OUTBOX_RESOLVED,       /* staff set the ticket RESOLVED without a reply */
    OUTBOX_CLOSED,         /* staff closed the ticket */
    OUTBOX_PASSWORD_RESET, /* a password-reset link (no ticket: lib/user/password_reset.h) */
    /* to staff who chose mail (notification_prefs), never to the customer: */
    OUTBOX_NEW_TICKET,     /* a new ticket in the queue */
    OUTBOX_TICKET_CHANGED, /* a ticket assigned to them changed */
};
const char *outbox_kind_name(enum outbox_kind k);

/* Mail is on when DESKPILOT_MAIL_FROM is set. */
bool outbox_enabled(void);

/* Queue a mail to the ticket's customer: inside the caller's transaction, so it
 * exists exactly when the change commits. One INSERT with mail on; nothing at all
 * with mail off. body: what the customer reads (NULL for status notices);
 * response_no: the answer an automatic answer's feedback links rate. */
int outbox_enqueue(long long ticket_id, enum outbox_kind kind, const char *body,
                   long long response_no, struct app_err *err);

/* Queue the staff's mails of ticket_id's event kind (OUTBOX_NEW_TICKET: to everyone
 * who chose new tickets by mail; OUTBOX_TICKET_CHANGED: to its assignee unless that
 * is actor_id, when they chose it by mail). Inside the caller's transaction; one
 * INSERT … SELECT with mail on, nothing with mail off. */
int outbox_enqueue_staff(long long ticket_id, enum outbox_kind kind, long long actor_id,
                         struct app_err *err);

/* Queue the mail of password reset reset_id, as outbox_enqueue (nothing with mail
 * off). The sender draws the link's token when it builds the mail. */
int outbox_enqueue_reset(long long reset_id, struct app_err *err);

/* Admins: a page of rows, newest first, of one status (NULL: all; anything but
 * queued, sent or failed is 422 on "status"). *next: the next page's cursor or NULL. */
int outbox_list(struct arena *a, const char *status, const struct page *p, struct outbox_row **out,
                int *n, const char **next, struct app_err *err);
/* Staff: the mails of ticket id (what the customer was sent, or will be), oldest
 * first, at most OUTBOX_PER_TICKET. */
#define OUTBOX_PER_TICKET 50
int outbox_of_ticket(struct arena *a, const struct principal *who, long long id,
                     struct outbox_row **out, int *n, struct app_err *err);
/* Admins: queue a failed row again (audited as actor); *row receives it as it is
 * now. 404 when there is none, 409 when it has not failed. */
int outbox_retry(struct arena *a, long long actor_id, long long id, struct outbox_row *row,
                 struct app_err *err);

#endif
