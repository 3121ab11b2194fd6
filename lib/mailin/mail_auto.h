/* mail_auto: whether a mail was sent by a machine (a bounce, an auto-reply, a
 * mailing list), which must never get an automatic answer (RFC 3834: no loops). */
#ifndef DESKPILOT_MAILIN_MAIL_AUTO_H
#define DESKPILOT_MAILIN_MAIL_AUTO_H

#include <stdbool.h>
#include <stddef.h>

/* The headers that tell (NULL: absent). Values as the message has them. */
struct mail_auto_headers {
    const char *from_addr;   /* the From address */
    const char *return_path; /* "<>": a bounce (RFC 5321 null reverse path) */
    const char *auto_submitted;
    const char *precedence;
    const char *list_id, *list_unsubscribe;
    const char *x_autoreply, *x_autorespond;
    bool report; /* the body is multipart/report (a delivery or read report) */
};

/* Why the mail is automatic, as a short ASCII text in why (at least 64 bytes):
 * true, or false with why "" when a person wrote it. In order: a null return
 * path, a MAILER-DAEMON sender, multipart/report, Auto-Submitted other than "no",
 * Precedence bulk/junk/list, List-Id or List-Unsubscribe, X-Autoreply or
 * X-Autorespond. */
bool mail_automatic(const struct mail_auto_headers *h, char *why, size_t size);

#endif
