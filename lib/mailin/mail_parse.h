/* mail_parse: one RFC 5322 message (MIME through GMime) as what a ticket needs:
 * the sender, the subject, the new words of the body as UTF-8 text, the key that
 * tells a second delivery, the ticket it answers and whether a machine sent it. */
#ifndef DESKPILOT_MAILIN_MAIL_PARSE_H
#define DESKPILOT_MAILIN_MAIL_PARSE_H

#include <stddef.h>

#include "core/arena.h"

/* How long the parts may be, in characters (the ticket fields' limits). */
struct mail_limits {
    size_t subject_chars, body_chars, name_chars;
};

/* Decoded text is cut to this many bytes before it is converted and cut further:
 * a 10 MB message is read, but no more than this of its text is worked on. */
#define MAIL_TEXT_MAX (1024 * 1024)

/* Strings in the arena: valid UTF-8, no control characters but "\n" (body) . */
struct mail_msg {
    const char *from_addr; /* lower case, with an '@', <= 254 bytes */
    const char *from_name; /* the display name; the address's local part when none */
    const char *subject;   /* 1..subject_chars characters ("(no subject)" when none) */
    const char *body;      /* 1..body_chars characters: quotes and signature cut */
    /* The Message-ID without its angle brackets, or "sha256:" and the hex digest
     * of the whole message when it has no usable one (printable ASCII, <= 900). */
    const char *key;
    long long ref_ticket; /* the ticket it answers (mail_ref), 0 = none */
    char automatic[64];   /* why a machine sent it (mail_auto), "" = a person */
};

enum { MAIL_OK = 0, MAIL_EDATA = -1, MAIL_ENOMEM = -2 };

/* Parse data[0..len). MAIL_OK; MAIL_EDATA when it can never be taken (not a
 * message, no sender address) with the reason in why; MAIL_ENOMEM. */
int mail_parse(struct arena *a, const char *data, size_t len, const struct mail_limits *lim,
               struct mail_msg *m, char *why, size_t whylen);

#endif
