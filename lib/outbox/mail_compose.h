/* mail_compose: one outgoing mail as RFC 5322 + MIME bytes, built by GMime: RFC 2047
 * encoded headers, a text/plain and a text/html part (multipart/alternative), each
 * body in quoted-printable or base64 as its bytes need, CRLF line ends for SMTP.
 * What the mail says is the caller's (outbox_send.c); here it only takes shape. */
#ifndef DESKPILOT_OUTBOX_MAIL_COMPOSE_H
#define DESKPILOT_OUTBOX_MAIL_COMPOSE_H

#include "core/buf.h"
#include "core/err.h"

struct mail_parts {
    const char *from_name, *from_addr;
    const char *to_name, *to_addr;
    const char *subject;
    const char *message_id;     /* "<...>" */
    const char *in_reply_to;    /* "<...>" or NULL */
    const char *references;     /* "<a> <b>" or NULL */
    const char *auto_submitted; /* "auto-replied", "auto-generated" or NULL */
    const char *text;           /* the message, plain text (paragraphs by blank lines) */
    const char *question;       /* a closing question with two links, or NULL: */
    const char *yes_label, *yes_url, *no_label, *no_url;
};

/* The whole mail into out (appended). 0, or -1 with err set (503 out of memory,
 * 500 when GMime refuses a part). */
int mail_compose(const struct mail_parts *m, struct buf *out, struct app_err *err);

#endif
