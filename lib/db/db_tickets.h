/* db_tickets: tickets, their messages and feedback. */
#ifndef DESKPILOT_DB_TICKETS_H
#define DESKPILOT_DB_TICKETS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/ticket_status.h"

/* A ticket row. Strings are arena copies (NULL for SQL NULL); numbers that may
 * be NULL come with a has_ flag. */
struct ticket {
    long long id, customer_id, assignee_id; /* assignee 0 = none */
    const char *subject, *body;
    enum ticket_status status;
    const char *priority;
    const char *channel; /* "web" or "mail": how it came in */
    const char *intent;
    bool has_confidence;
    double confidence;
    const char *decision, *decision_reason;
    long long similar_ticket_id; /* 0 = none */
    bool has_similarity;
    double similarity;
    const char *response, *response_source;
    bool response_sent, reusable;
    long long response_no;
    const char *created_at, *updated_at, *resolved_at;
    const char *customer_name; /* joined for pages */
    long long version;         /* moved by every change (lost-update checks) */
    const char *first_response_at;
    /* SLA (sql/019): due times (NULL: no target), and the resolution clock's pauses
     * while the ticket waits on its customer (since when; business seconds so far). */
    const char *first_response_due_at, *resolution_due_at, *sla_paused_at;
    long long sla_paused_seconds;
};

struct ticket_message {
    long long id, author_id; /* author 0 = system */
    const char *author_role, *body, *created_at;
    bool internal; /* a note among staff: never shown or sent to the customer */
};

/* What the pipeline decided for a new ticket (written with it by db_tickets_insert). */
struct ticket_outcome {
    const char *intent; /* NULL = none */
    bool has_confidence;
    double confidence;
    const char *decision; /* NULL = none */
    const char *decision_reason;
    long long similar_ticket_id;
    bool has_similarity;
    double similarity;
    const char *response, *response_source;
};

struct ticket_filter {
    long long customer_id; /* 0 = everyone's (staff) */
    int status;            /* -1 = any */
    const char *intent;    /* NULL = any */
    long long assignee_id; /* 0 = any */
    long long before;      /* id < before; 0 = from the newest */
    int limit;
};

/* A new ticket with what the pipeline decided for it, written by one INSERT. */
struct ticket_new {
    long long customer_id;
    const char *subject, *body, *priority;
    const char *channel; /* NULL: "web" */
    const struct ticket_outcome *o;
    bool answered;   /* the response went out: AUTO_RESOLVED, sent and resolved at `now` */
    const char *now; /* "YYYY-MM-DD HH:MM:SS" UTC: created (and answered) then */
    const char *first_response_due, *resolution_due; /* the same form; NULL: no target */
    const char *search; /* its search_text (NULL: indexed later, by deskpilot migrate) */
};
int db_tickets_insert(const struct ticket_new *t, long long *id, struct app_err *err);
/* The customer's rating of the ticket's response number response_no: *rated false
 * when there is none; else *helpful, the stars (0 when none) and the comment (NULL
 * when none). */
int db_tickets_feedback_on(struct arena *a, long long ticket_id, long long response_no, bool *rated,
                           bool *helpful, int *stars, const char **comment, struct app_err *err);
/* Count a filed ticket towards its customer's hourly quota (hour: Unix time / 3600),
 * in the filing transaction, so a rolled-back ticket does not count. */
int db_tickets_count_quota(long long customer_id, long long hour, struct app_err *err);
/* One ticket with its conversation (oldest first, at most max_messages, into a new
 * arena array) in one round trip; *found false when there is none. */
int db_tickets_read(struct arena *a, long long id, int max_messages, struct ticket *t,
                    struct ticket_message **m, int *n, bool *found, struct app_err *err);
/* One ticket; *found false when there is none. for_update locks the row (inside a
 * transaction). */
int db_tickets_get(struct arena *a, long long id, bool for_update, struct ticket *t, bool *found,
                   struct app_err *err);
/* Newest first. *out is an arena array of *n tickets. */
int db_tickets_list(struct arena *a, const struct ticket_filter *f, struct ticket **out, int *n,
                    struct app_err *err);
/* The queue's orders: oldest first; most urgent first (oldest first within a priority);
 * the SLA's next due time first (overdue ones at the top; those without one last). */
enum queue_order { QUEUE_OLDEST, QUEUE_URGENT, QUEUE_DUE };
/* The queue for agents: OPEN and REOPENED, in `order`, at most limit rows from after
 * the ticket after_id (0 = from the start); *total counts the whole view. */
int db_tickets_queue(struct arena *a, long long assignee, bool unassigned, enum queue_order order,
                     long long after_id, int limit, struct ticket **out, int *n, long long *total,
                     struct app_err *err);
int db_tickets_count_messages(long long ticket_id, long long *n, struct app_err *err);
int db_tickets_add_message(long long ticket_id, long long author_id, const char *author_role,
                           const char *body, bool internal, long long *id, struct app_err *err);
int db_tickets_get_message(struct arena *a, long long id, struct ticket_message *m,
                           struct app_err *err);

/* The ids of at most max PENDING tickets unchanged for days (oldest change first). */
int db_tickets_stale_pending(struct arena *a, long long days, int max, long long **ids, int *n,
                             struct app_err *err);
/* Inside a transaction: lock ticket id if it is still PENDING and unchanged for days
 * (*stale true), else leave it (*stale false). */
int db_tickets_lock_stale_pending(long long id, long long days, bool *stale, struct app_err *err);

/* Every change of a ticket moves its version (inside the change's transaction);
 * search_more (NULL: none) adds the search terms of what the change wrote. */
int db_tickets_bump_version(long long id, const char *search_more, struct app_err *err);
/* Mark user as viewing the ticket now, and the names of the others who viewed it in
 * the last `seconds` (at most max, into a new arena array). */
int db_tickets_viewing(struct arena *a, long long ticket_id, long long user_id, int seconds,
                       int max, const char ***names, int *n, struct app_err *err);
int db_tickets_set_status(long long id, enum ticket_status s, struct app_err *err);
int db_tickets_set_priority(long long id, const char *priority, struct app_err *err);
int db_tickets_set_assignee(long long id, long long assignee_id, struct app_err *err);
int db_tickets_set_intent(long long id, const char *intent, struct app_err *err);
/* Record the pipeline's decision and suggestion (not sent to the customer). */
/* The response went to the customer now: counts it (response_no + 1), stamps the
 * first response time and, for resolutions, resolved_at. */
int db_tickets_send_response(long long id, const char *response, const char *source, bool reusable,
                             bool resolves, struct app_err *err);
/* A staff reply that is not a resolution still counts as the first response. */
int db_tickets_mark_first_response(long long id, struct app_err *err);

/* A past, already resolved ticket from a customer's history (deskpilot import):
 * RESOLVED with the agent's response, created and resolved at created_at
 * ('YYYY-MM-DD HH:MM:SS' UTC, NULL = now). */
int db_tickets_import(long long customer_id, const char *subject, const char *body,
                      const char *intent, const char *response, bool reusable,
                      const char *created_at, const char *search, long long *id,
                      struct app_err *err);

/* Stars (1..5) for the "Yes" of response response_no, after it: only while that
 * feedback is helpful and has none (*added false otherwise). A comment is kept
 * when the "Yes" brought none. */
int db_feedback_add_stars(long long ticket_id, long long response_no, int stars,
                          const char *comment, bool *added, struct app_err *err);
/* Feedback on the current response: DB_DUPLICATE when it was rated already. */
int db_feedback_create(long long ticket_id, long long customer_id, long long response_no,
                       bool helpful, int rating, const char *comment, const char *source,
                       bool was_auto, const char *intent, long long *id, struct app_err *err);

#endif
