/* db_attachments: SQL for attachments, their chunks and the bytes quota. */
#ifndef DESKPILOT_DB_DB_ATTACHMENTS_H
#define DESKPILOT_DB_DB_ATTACHMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

/* Bytes per row of attachment_chunks (sql/022): far below max_allowed_packet. */
#define DB_ATTACHMENT_CHUNK (256u * 1024u)

struct attachment {
    long long id;
    const char *public_id;                        /* the random name URLs carry */
    long long ticket_id, message_id, uploader_id; /* message 0: on the ticket itself */
    const char *name, *content_type;
    long long size;
    long long width, height; /* a verified image's size; 0 for any other file */
    bool internal;           /* on an internal note: staff only */
    const char *created_at;
};

/* Insert one attachment and its bytes (split into DB_ATTACHMENT_CHUNK rows), inside
 * the caller's transaction; at->id receives the new row. */
int db_attachments_insert(struct attachment *at, const unsigned char *data, size_t len,
                          struct app_err *err);
/* How many attachments ticket_id has. */
int db_attachments_count(long long ticket_id, long long *n, struct app_err *err);
/* A ticket's attachments, oldest first (at most max, arena array). */
int db_attachments_of_ticket(struct arena *a, long long ticket_id, int max, struct attachment **out,
                             int *n, struct app_err *err);
/* The attachment named public_id: *found false when there is none. */
int db_attachments_by_public(struct arena *a, const char *public_id, struct attachment *at,
                             bool *found, struct app_err *err);
/* Message message_id's ticket and author (0: the system); *found false when none. */
int db_attachments_message(long long message_id, long long *ticket_id, long long *author_id,
                           bool *found, struct app_err *err);
/* Append the bytes of attachment id to out, chunk by chunk in order. */
int db_attachments_read(long long id, struct buf *out, struct app_err *err);
/* Count bytes more against user_id's quota of clock hour `hour` (the ticket_quota row,
 * in the caller's transaction, so a rolled-back upload does not count); *total
 * receives the hour's bytes including these. */
int db_attachments_quota(long long user_id, long long hour, long long bytes, long long *total,
                         struct app_err *err);

#endif
