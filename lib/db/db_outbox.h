/* db_outbox: the mails to customers waiting for, or done with, the sender. */
#ifndef DESKPILOT_DB_OUTBOX_H
#define DESKPILOT_DB_OUTBOX_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

#define OUTBOX_NONCE_LEN 16 /* hex characters of a row's Message-ID nonce */
#define OUTBOX_TOKEN_LEN 32 /* hex characters of a sender's claim token */

/* One row as the sender and the admins read it; strings are arena copies. */
struct outbox_row {
    long long id, ticket_id; /* ticket_id 0: a mail of no ticket (a password reset) */
    long long recipient_id;  /* 0: the ticket's customer; else a member of staff */
    long long reset_id;      /* password_reset: its password_resets row; else 0 */
    const char *kind;        /* auto_answer, reply, resolved, closed, password_reset; to
                                staff: new_ticket, ticket_changed */
    const char *body;        /* NULL for a status notice */
    long long response_no;
    const char *status; /* queued, sent, failed */
    long long attempts;
    const char *next_attempt_at, *last_error, *message_id, *created_at, *sent_at;
    /* joined: the ticket's subject and the recipient — the member of staff, the ticket's
     * customer, or the reset's user (NULL when gone) */
    const char *subject, *to_email, *to_name;
};

/* Queue a mail: call inside the transaction of the change it tells of. body may
 * be NULL; nonce is OUTBOX_NONCE_LEN hex characters. */
int db_outbox_insert(long long ticket_id, const char *kind, const char *body, long long response_no,
                     const char *nonce, struct app_err *err);
/* Mail to staff (notification_prefs with by_mail): every active agent and admin who
 * chose new_tickets, of new ticket ticket_id; the assignee of ticket_id unless it is
 * actor_id, when they chose assigned. One INSERT … SELECT each; seed: secret random
 * hex the rows' Message-ID nonces are hashed from. */
int db_outbox_insert_new_ticket(long long ticket_id, const char *seed, struct app_err *err);
int db_outbox_insert_assignee(long long ticket_id, long long actor_id, const char *seed,
                              struct app_err *err);
/* Queue the mail of password reset reset_id (no ticket, no body: the sender draws
 * the link's token). In the transaction that made the reset. */
int db_outbox_insert_reset(long long reset_id, const char *nonce, struct app_err *err);
/* Claim at most limit due rows (queued, next_attempt_at passed) for lease_seconds
 * under token, oldest first, and fix their Message-IDs (<deskpilot.TICKET.ID.NONCE@
 * domain>; a staff mail's <deskpilot-staff.ID.NONCE@domain>, which names no ticket, so
 * a reply to it never joins a customer's conversation; kept when set). One statement; *claimed
 * receives the count. */
int db_outbox_claim(const char *token, const char *domain, int limit, int lease_seconds,
                    int *claimed, struct app_err *err);
/* The rows claimed under token, oldest first (at most max). */
int db_outbox_claimed(struct arena *a, const char *token, int max, struct outbox_row **out, int *n,
                      struct app_err *err);
/* The Message-IDs of the ticket's mails (ours before outbox row `before`, and the customer's
 * received by mail-in), oldest first
 * (the last max of them), as one space-separated string in *refs ("" for none). */
int db_outbox_references(struct arena *a, long long ticket_id, long long before, int max,
                         const char **refs, struct app_err *err);
/* Delivered: sent now, when the row is still ours (token). */
int db_outbox_mark_sent(long long id, const char *token, struct app_err *err);
/* Not delivered: one more attempt, the error kept; failed when give_up, else due
 * again in delay_seconds. Only while the row is still ours (token). */
int db_outbox_mark_retry(long long id, const char *token, const char *error, bool give_up,
                         long long delay_seconds, struct app_err *err);
/* Newest first, rows with id < before (0: from the newest), of status (NULL: any). */
int db_outbox_list(struct arena *a, const char *status, long long before, int limit,
                   struct outbox_row **out, int *n, struct app_err *err);
/* The ticket's mails to its customer, oldest first (at most limit). */
int db_outbox_of_ticket(struct arena *a, long long ticket_id, int limit, struct outbox_row **out,
                        int *n, struct app_err *err);
/* One row; *found false when there is none. */
int db_outbox_get(struct arena *a, long long id, struct outbox_row *out, bool *found,
                  struct app_err *err);
/* A failed row queued again, due now, its attempts counted from zero; *requeued
 * false when the row is not (or no longer) failed. */
int db_outbox_requeue(long long id, bool *requeued, struct app_err *err);

#endif
