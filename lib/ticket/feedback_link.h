/* feedback_link: the signed token in an automatic answer's "Did this solve your
 * problem?" links — one ticket, one answer (its response_no), an expiry — so the
 * customer can rate from the mail without signing in. */
#ifndef DESKPILOT_TICKET_FEEDBACK_LINK_H
#define DESKPILOT_TICKET_FEEDBACK_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define FEEDBACK_LINK_TTL (30 * 24 * 3600) /* seconds a link stays good */
#define FEEDBACK_LINK_MAX 144              /* room for a token and its NUL */

struct feedback_link {
    long long ticket_id, response_no;
    long long expires; /* Unix time */
};

/* "TICKET.RESPONSE.EXPIRES.MAC" (MAC: HMAC-SHA256 with the server key, domain
 * separated) into out. 0, or -1 without a key. */
int feedback_link_make(const struct feedback_link *l, char out[FEEDBACK_LINK_MAX]);
/* Parse and verify token at time now: true with *l filled when it is ours, whole
 * and not expired. */
bool feedback_link_check(const char *token, time_t now, struct feedback_link *l);

#endif
