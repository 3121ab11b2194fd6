/* ticket_mail: a mail becomes a ticket or a follow-up message — the rules of the
 * mail channel on top of the ticket operations (the lifecycle and the pipeline
 * stay theirs). */
#ifndef DESKPILOT_TICKET_TICKET_MAIL_H
#define DESKPILOT_TICKET_TICKET_MAIL_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

/* A parsed mail (deskpilot mail-in parses it; strings valid UTF-8 and bounded). */
struct ticket_mail {
    const char *key;       /* what tells a second delivery (mail_inbound.mail_key) */
    const char *from_addr; /* lower case */
    const char *from_name;
    const char *subject, *body;
    long long ref_ticket;  /* the ticket it says it answers, 0 = none */
    const char *automatic; /* NULL or "": a person wrote it; else why it is automatic */
};

struct ticket_mail_result {
    long long ticket_id;
    long long message_id; /* the follow-up message, 0 when it became a new ticket */
    bool duplicate;       /* delivered before: nothing stored now */
    bool new_customer;    /* an account was made for the sender */
};

/* Store mail m: a follow-up message on ticket ref_ticket when that is the sender's
 * own ticket and still takes messages (the lifecycle reopens an answered one),
 * else a new ticket on the mail channel that the pipeline answers as any other —
 * except automatic mail, which gets no automatic answer. The sender's account is
 * found or made (user_for_mail). The key is claimed in the transaction that
 * stores the ticket or message, so a mail is stored once or not at all. Errors as
 * the operations give them: 503 when the database is unreachable, 422 for an
 * address no account can have, 403 for a disabled account. */
int ticket_mail_receive(struct arena *a, const struct ticket_mail *m, struct ticket_mail_result *r,
                        struct app_err *err);

#endif
