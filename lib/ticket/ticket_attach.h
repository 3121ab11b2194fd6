/* ticket_attach: attachments of tickets and messages — the limits, the checks, the
 * quota, storing them in the transaction of what they come with, and who may read
 * them (the ticket's visibility rule; a note's files are staff's). */
#ifndef DESKPILOT_TICKET_TICKET_ATTACH_H
#define DESKPILOT_TICKET_TICKET_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/identity.h"
#include "db/db_attachments.h"
#include "ticket/attach_check.h"

/* One file as a form or an upload brought it (borrowed until the request ends). */
struct attach_file {
    const char *field;        /* the form field, named in errors */
    const char *filename;     /* as sent */
    const char *content_type; /* as declared */
    const unsigned char *data;
    size_t len;
};

/* Files to store with a ticket or a message, checked by ticket_attach_check. */
struct attach_set {
    const struct attach_file *files;
    struct attach_verdict *verdicts; /* one per file, filled by ticket_attach_check */
    int n;
};

/* Check set against the settings and the content rules before anything is stored:
 * more files than attachment_max_files or one over attachment_max_bytes is 413
 * naming the field; a file of a type not allowed, or whose content is not what its
 * name and type say, is 422 naming the field (attach_check). n 0 is fine. */
int ticket_attach_check(struct arena *a, struct attach_set *set, struct app_err *err);

/* Inside the caller's transaction, with ticket_id locked or just inserted: store
 * set's files for the ticket (message_id 0) or one of its messages. 413 past
 * attachment_max_per_ticket; for a customer, 429 with Retry-After past
 * attachment_quota_mb this clock hour. out (may be NULL) receives the stored rows
 * (arena array of set->n). */
int ticket_attach_store(struct arena *a, const struct principal *who, long long ticket_id,
                        long long message_id, const struct attach_set *set, struct attachment **out,
                        struct app_err *err);

/* Files added on their own (POST /api/tickets/{id}/attachments): one transaction,
 * ticket_id must be visible to who (404) and not CLOSED (409); moves the version.
 * message_id 0 puts them on the ticket; otherwise it must be a message of who's on
 * that ticket (422 naming message_id). *out receives the stored rows. */
int ticket_attach_add(struct arena *a, const struct principal *who, long long ticket_id,
                      long long message_id, struct attach_set *set, struct attachment **out,
                      struct app_err *err);

/* Ticket ticket_id's attachments as who may see them (a customer: not those of
 * internal notes), oldest first. The caller has checked that who sees the ticket. */
int ticket_attach_list(struct arena *a, const struct principal *who, long long ticket_id,
                       struct attachment **out, int *n, struct app_err *err);

/* The attachment public_id of ticket ticket_id (0: any ticket) with its bytes
 * appended to body, if who may see it: 404 like a missing one otherwise. */
int ticket_attach_fetch(struct arena *a, const struct principal *who, long long ticket_id,
                        const char *public_id, struct attachment *at, struct buf *body,
                        struct app_err *err);

#endif
