/* outbox_send: the sender — claims due mails, says what each tells the customer,
 * hands it to the relay and records the outcome (sent; or due again after a
 * doubling delay; or failed after the last attempt, for the admins to retry). */
#ifndef DESKPILOT_OUTBOX_OUTBOX_SEND_H
#define DESKPILOT_OUTBOX_OUTBOX_SEND_H

#include "core/arena.h"
#include "core/err.h"

struct outbox_send_opts {
    int batch;             /* mails claimed at once */
    int max_attempts;      /* attempts before a mail is failed */
    long long backoff;     /* seconds before the first retry; doubled each time */
    long long backoff_max; /* the longest wait between attempts */
};
#define OUTBOX_SEND_DEFAULTS                                                                       \
    {                                                                                              \
        10, 8, 60, 6 * 3600                                                                        \
    }

struct outbox_send_count {
    int sent, retried, failed;
};

/* Check the mail settings (from address, public URL, relay); -1 with a message. */
int outbox_send_setup(char *msg, size_t msglen);
/* One pass: claim up to o->batch due mails and deliver them; counts add to *c.
 * 0 when none was due or all were handled; -1 with err when the database failed
 * (a mail claimed but not recorded is due again once its lease ends). */
int outbox_send_due(struct arena *a, const struct outbox_send_opts *o, struct outbox_send_count *c,
                    struct app_err *err);

#endif
