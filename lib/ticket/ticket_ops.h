/* ticket_ops: the ticket operations both the JSON API and the HTML pages perform —
 * visibility, lifecycle and transactions decided in one place. */
#ifndef DESKPILOT_TICKET_OPS_H
#define DESKPILOT_TICKET_OPS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "db/db_tickets.h"

/* A conversation holds at most this many messages (each up to 20000 characters),
 * so reading a ticket stays bounded; past it the ticket takes no more (409). */
#define TICKET_MAX_MESSAGES 200

/* Staff (agent or admin) see every ticket and the suggestions. */
bool ticket_ops_is_staff(const struct principal *who);

/* Load ticket id if `who` may see it: another customer's ticket is 404 exactly
 * like a missing one. for_update locks it (inside the caller's transaction). */
int ticket_ops_load(struct arena *a, const struct principal *who, long long id, bool for_update,
                    struct ticket *t, struct app_err *err);

/* ticket_ops_load with the conversation (oldest first, arena array), in one round
 * trip: what reading a ticket shows. */
int ticket_ops_read(struct arena *a, const struct principal *who, long long id, struct ticket *t,
                    struct ticket_message **m, int *n, struct app_err *err);

/* File a ticket (subject, body already validated): the pipeline decides first, then
 * one transaction stores the ticket with its outcome (and the automatic answer as a
 * message). *id receives the new ticket and, when out is not NULL, *out the ticket as
 * stored (strings in a), so the caller answers without reading it back.
 * idem_key (NULL: none) is the client's Idempotency-Key, stored with the ticket: a
 * repeat of the same request within IDEMPOTENCY_HOURS files nothing, sets *replayed
 * (may be NULL without a key) and gives the first ticket as it is now; a repeat
 * with another request is 422. */
int ticket_ops_create(struct arena *a, const struct principal *who, const char *subject,
                      const char *body, const char *priority, const char *idem_key, long long *id,
                      struct ticket *out, bool *replayed, struct app_err *err);

struct attach_set;

/* ticket_ops_create for the pages, with files (NULL or none: as ticket_ops_create)
 * stored in the ticket's transaction: checked first (413/422, ticket_attach.h), then
 * the ticket's limit and the customer's quota (413/429). No Idempotency-Key. */
int ticket_ops_create_files(struct arena *a, const struct principal *who, const char *subject,
                            const char *body, const char *priority, struct attach_set *files,
                            long long *id, struct app_err *err);

/* Where a ticket or message comes from when it is not the web: deskpilot mail-in. */
struct ticket_origin {
    const char *channel; /* NULL: "web"; "mail" */
    /* NULL, or why no automatic answer may go out (automatic mail: a bounce, an
     * auto-reply, a list): the pipeline still classifies, but its decision becomes
     * ESCALATE with this reason, so nothing answers a machine (no mail loops). */
    const char *no_auto_answer;
    /* Called inside the storing transaction after its rows (message_id 0: a new
     * ticket): 0, 1 when what it names was stored already (everything is rolled
     * back and the operation sets *replayed), or -1. NULL: none. */
    int (*claim)(void *ctx, long long ticket_id, long long message_id, struct app_err *err);
    void *ctx;
};

/* ticket_ops_create for a ticket from elsewhere (origin), without Idempotency-Key. */
int ticket_ops_create_from(struct arena *a, const struct principal *who, const char *subject,
                           const char *body, const struct ticket_origin *origin, long long *id,
                           bool *replayed, struct app_err *err);

/* Every change below takes if_version: the ticket's version it was based on (0: any);
 * 412 when the ticket has changed since. Each change moves the version. */

/* Add a message; resolve (staff only) makes it the ticket's response. reusable
 * lets the resolution be sent automatically to other customers. *message_id
 * receives the new message, or with a repeated idem_key (as for
 * ticket_ops_create) the message the first request added. */
int ticket_ops_message(struct arena *a, const struct principal *who, long long id, const char *body,
                       bool resolve, bool reusable, const char *idem_key, long long if_version,
                       long long *message_id, bool *replayed, struct app_err *err);

/* ticket_ops_message with files stored on the new message, in its transaction (as
 * ticket_ops_create_files); no Idempotency-Key. */
int ticket_ops_message_files(struct arena *a, const struct principal *who, long long id,
                             const char *body, bool resolve, bool reusable, long long if_version,
                             struct attach_set *files, long long *message_id, struct app_err *err);

/* An internal note by staff (403 for customers): no status change, never shown or
 * sent to the customer; allowed on closed tickets too. */
int ticket_ops_note(struct arena *a, const struct principal *who, long long id, const char *body,
                    long long if_version, long long *message_id, struct app_err *err);

/* ticket_ops_note with files: they are the note's, so staff's only. */
int ticket_ops_note_files(struct arena *a, const struct principal *who, long long id,
                          const char *body, long long if_version, struct attach_set *files,
                          long long *message_id, struct app_err *err);

/* Staff: mark who as viewing ticket id now; *names: the others who did within the
 * last TICKET_VIEWING_SECONDS (at most 5) — the agent page's "also viewing". */
#define TICKET_VIEWING_SECONDS 120
int ticket_ops_viewing(struct arena *a, const struct principal *who, long long id,
                       const char ***names, int *n, struct app_err *err);

/* How the customer rated a response. */
struct ticket_rating {
    bool rated;          /* false: not yet (the rest is empty) */
    bool helpful;        /* "Yes" */
    int stars;           /* 1..5, 0 when none */
    const char *comment; /* NULL when none */
};
/* How the customer rated t's current response. */
int ticket_ops_rating(struct arena *a, const struct principal *who, const struct ticket *t,
                      struct ticket_rating *out, struct app_err *err);
/* True when the customer said "Yes" to t's current response and gave no stars yet:
 * the pages then ask for 1..5 stars. */
bool ticket_ops_wants_stars(const struct ticket_rating *r);

/* ticket_ops_message for a plain message from elsewhere (origin's claim only). */
int ticket_ops_message_from(struct arena *a, const struct principal *who, long long id,
                            const char *body, const struct ticket_origin *origin,
                            long long *message_id, bool *replayed, struct app_err *err);

/* The ticket's customer rates the current response (rating 0 = none, comment may
 * be NULL). 409 when already rated or nothing to rate. */
int ticket_ops_feedback(struct arena *a, const struct principal *who, long long id, bool helpful,
                        int rating, const char *comment, long long *feedback_id,
                        struct app_err *err);

/* After "Yes": the ticket's customer gives the current answer 1..5 stars and
 * optionally a comment (NULL), stored with the "Yes" where the dashboard counts
 * ratings (CSAT). 422 on "rating" out of range; 409 when the answer got no "Yes" or
 * has stars already. */
int ticket_ops_stars(struct arena *a, const struct principal *who, long long id, int stars,
                     const char *comment, struct app_err *err);
/* ticket_ops_stars through a mailed link's token (as ticket_ops_feedback_link): the
 * answer the link names. 404 for a token that is not ours or expired. */
int ticket_ops_stars_link(struct arena *a, const char *token, int stars, const char *comment,
                          struct ticket *t, struct app_err *err);

/* The vote of an automatic answer's mailed link (lib/ticket/feedback_link.h): the
 * token names the ticket and the answer and stands for the ticket's customer. 404
 * for a token that is not ours or expired; *t receives the ticket. vote false only
 * checks (a GET, which a mail scanner may fetch, never votes); vote true rates as
 * ticket_ops_feedback does, once per answer (409 when rated already, or when a
 * newer answer replaced the one the link names). */
int ticket_ops_feedback_link(struct arena *a, const char *token, bool vote, bool helpful,
                             struct ticket *t, long long *feedback_id, struct app_err *err);

/* Staff changes; NULL / has_ false fields are left as they are. */
struct ticket_patch {
    int status;           /* -1 = keep */
    const char *priority; /* NULL = keep */
    bool set_assignee;
    long long assignee_id; /* 0 = unassign */
    bool set_intent;
    const char *intent;   /* NULL = clear */
    long long if_version; /* 0 = any */
};
int ticket_ops_update(struct arena *a, const struct principal *who, long long id,
                      const struct ticket_patch *p, struct app_err *err);

#endif
