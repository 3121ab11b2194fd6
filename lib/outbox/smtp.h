/* smtp: hand one mail to the relay of DESKPILOT_SMTP_URL with libcurl (STARTTLS when
 * DESKPILOT_SMTP_STARTTLS is yes, AUTH when DESKPILOT_SMTP_USER is set). */
#ifndef DESKPILOT_OUTBOX_SMTP_H
#define DESKPILOT_OUTBOX_SMTP_H

#include <stdbool.h>
#include <stddef.h>

enum smtp_result {
    SMTP_SENT = 0,
    SMTP_RETRY,   /* the relay was unreachable or said 4xx: try again later */
    SMTP_REFUSED, /* the relay said 5xx: it will say so again */
};

/* Start libcurl (once per process) and check the settings; -1 with a message. */
int smtp_setup(char *msg, size_t msglen);
/* Send data (len bytes, CRLF lines) from `from` to `to`. why receives the relay's
 * or libcurl's reason when not SMTP_SENT. */
enum smtp_result smtp_send(const char *from, const char *to, const char *data, size_t len,
                           char *why, size_t whylen);

#endif
