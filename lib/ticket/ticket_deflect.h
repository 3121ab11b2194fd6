/* ticket_deflect: answers while the customer types — the automatic answer a ticket
 * would get, shown before it is filed — and the count of questions it settled.
 * The decision is the pipeline's own (pipeline_run, the same threshold in force and
 * out-of-scope-aware confidence), so a suggestion is offered exactly when filing the
 * same text would have answered it automatically; nothing is stored for it. */
#ifndef DESKPILOT_TICKET_TICKET_DEFLECT_H
#define DESKPILOT_TICKET_TICKET_DEFLECT_H

#include <stdbool.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"

#define DEFLECT_TOKEN_MAX 176        /* room for a token and its NUL */
#define DEFLECT_TOKEN_TTL (2 * 3600) /* seconds a "Yes" may come after the answer */
/* What {{ticket_id}} renders as in an answer for a ticket that does not exist
 * ("ticket #{{ticket_id}}" drops its '#': "ticket not filed yet"). */
#define DEFLECT_NO_TICKET "not filed yet"

struct deflect_answer {
    bool found;                    /* false: no answer this sure; file the ticket */
    const char *answer;            /* the text, as the ticket's automatic answer would read */
    char token[DEFLECT_TOKEN_MAX]; /* the signed "Yes" to count (intent, time, nonce) */
};

/* The answer filing subject/body now would get automatically, for who (NULL: an
 * anonymous visitor of the widget; {{customer_name}} is then "there"). Strings in a.
 * 503 when the database is down. */
int ticket_deflect_suggest(struct arena *a, const struct principal *who, const char *subject,
                           const char *body, struct deflect_answer *out, struct app_err *err);

/* "Yes, that solved it": count token's suggestion once, with its intent. *counted
 * false when it was counted before. 422 on "token" when it is not ours, garbled or
 * older than DEFLECT_TOKEN_TTL. */
int ticket_deflect_count(const char *token, bool *counted, struct app_err *err);

/* Sign and check (pure but for the server key and the random nonce). */
int ticket_deflect_token(const char *intent, time_t now, char out[DEFLECT_TOKEN_MAX]);
bool ticket_deflect_token_check(const char *token, time_t now, char intent[65]);

#endif
