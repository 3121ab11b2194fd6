/* db_outbox: SQL for outbox. */
#include "db/db_outbox.h"

#include <string.h>

#include "db/db.h"
#include "db/db_rows.h"

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
/* Split so that clang-format leaves the list readable. */
#define OUTBOX_COLS_ROW                                                                            \
    "o.id, o.ticket_id, o.recipient_id, o.reset_id, o.kind, o.body, o.response_no, o.status, "     \
    "o.attempts, "
#define OUTBOX_COLS_TIMES                                                                          \
    TS("o.next_attempt_at")                                                                        \
    ", o.last_error, o.message_id, " TS("o.created_at") ", " TS("o.sent_at") ", "
#define OUTBOX_COLS OUTBOX_COLS_ROW OUTBOX_COLS_TIMES "t.subject, u.email, u.name"
/* The recipient: a member of staff (recipient_id), the ticket's customer, or for a
 * password reset (no ticket) its user. */
#define OUTBOX_FROM                                                                                \
    " FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id "                                    \
    "LEFT JOIN password_resets pr ON pr.id = o.reset_id "                                          \
    "LEFT JOIN users u ON u.id = COALESCE(o.recipient_id, t.customer_id, pr.user_id) "

#define R(kind, field) DBC(kind, struct outbox_row, field)
static const struct db_col outbox_cols[] = {
    R(DBC_LL, id),           R(DBC_LL, ticket_id),
    R(DBC_LL, recipient_id), R(DBC_LL, reset_id),
    R(DBC_STR, kind),        R(DBC_STR, body),
    R(DBC_LL, response_no),  R(DBC_STR, status),
    R(DBC_LL, attempts),     R(DBC_STR, next_attempt_at),
    R(DBC_STR, last_error),  R(DBC_STR, message_id),
    R(DBC_STR, created_at),  R(DBC_STR, sent_at),
    R(DBC_STR, subject),     R(DBC_STR, to_email),
    R(DBC_STR, to_name),
};
#undef R
static const struct db_layout outbox_layout = DB_LAYOUT(struct outbox_row, outbox_cols);

int db_outbox_insert(long long ticket_id, const char *kind, const char *body, long long response_no,
                     const char *nonce, struct app_err *err)
{
    return db_exec("INSERT INTO outbox (ticket_id, kind, body, response_no, nonce, "
                   "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(), "
                   "UTC_TIMESTAMP())",
                   DB_PARAMS(DBP_INT(ticket_id), DBP_STR(kind), DBP_STR(body), DBP_INT(response_no),
                             DBP_STR(nonce)),
                   NULL, NULL, err);
}

/* Staff who chose `col` and mail (a literal column of notification_prefs), active. */
#define STAFF_BY_MAIL(col)                                                                         \
    "JOIN users u ON u.id = p.user_id WHERE p." col " = 1 AND p.by_mail = 1 "                      \
    "AND u.role IN ('agent', 'admin') AND u.disabled = 0"

int db_outbox_insert_new_ticket(long long ticket_id, const char *seed, struct app_err *err)
{
    /* Each row's nonce: the hash of a secret random seed and the recipient. */
    return db_exec(
        "INSERT INTO outbox (ticket_id, recipient_id, kind, nonce, next_attempt_at, "
        "created_at) SELECT ?, u.id, 'new_ticket', LEFT(SHA2(CONCAT(?, u.id), 256), 16), "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM notification_prefs p " STAFF_BY_MAIL("new_tickets"),
        DB_PARAMS(DBP_INT(ticket_id), DBP_STR(seed)), NULL, NULL, err);
}

int db_outbox_insert_assignee(long long ticket_id, long long actor_id, const char *seed,
                              struct app_err *err)
{
    return db_exec(
        "INSERT INTO outbox (ticket_id, recipient_id, kind, nonce, next_attempt_at, "
        "created_at) SELECT t.id, u.id, 'ticket_changed', "
        "LEFT(SHA2(CONCAT(?, u.id), 256), 16), UTC_TIMESTAMP(), UTC_TIMESTAMP() "
        "FROM tickets t JOIN notification_prefs p ON p.user_id = t.assignee_id " STAFF_BY_MAIL(
            "assigned") " AND t.id = ? AND t.assignee_id <> ?",
        DB_PARAMS(DBP_STR(seed), DBP_INT(ticket_id), DBP_INT(actor_id)), NULL, NULL, err);
}

int db_outbox_insert_reset(long long reset_id, const char *nonce, struct app_err *err)
{
    return db_exec("INSERT INTO outbox (ticket_id, reset_id, kind, nonce, next_attempt_at, "
                   "created_at) VALUES (0, ?, 'password_reset', ?, UTC_TIMESTAMP(), "
                   "UTC_TIMESTAMP())",
                   DB_PARAMS(DBP_INT(reset_id), DBP_STR(nonce)), NULL, NULL, err);
}

int db_outbox_claim(const char *token, const char *domain, int limit, int lease_seconds,
                    int *claimed, struct app_err *err)
{
    unsigned long long n = 0;
    int rc = db_exec(
        "UPDATE outbox SET claim_token = ?, "
        "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
        "message_id = COALESCE(message_id, IF(recipient_id IS NULL, CONCAT('<deskpilot.', "
        "ticket_id, '.', id, '.', nonce, '@', ?, '>'), CONCAT('<deskpilot-staff.', id, '.', "
        "nonce, '@', ?, '>'))) WHERE status = 'queued' AND next_attempt_at <= UTC_TIMESTAMP() "
        "ORDER BY id LIMIT ?",
        DB_PARAMS(DBP_STR(token), DBP_INT(lease_seconds), DBP_STR(domain), DBP_STR(domain),
                  DBP_INT(limit)),
        &n, NULL, err);
    *claimed = (int)n;
    return rc;
}

int db_outbox_claimed(struct arena *a, const char *token, int max, struct outbox_row **out, int *n,
                      struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a,
                       "SELECT " OUTBOX_COLS OUTBOX_FROM
                       "WHERE o.claim_token = ? AND o.status = 'queued' ORDER BY o.id LIMIT ?",
                       DB_PARAMS(DBP_STR(token), DBP_INT(max)), &outbox_layout, max, NULL, &rows, n,
                       err);
    *out = rows;
    return rc;
}

struct refs_ctx {
    struct arena *a;
    const char *acc; /* newest first, as read */
};

static int add_ref(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct refs_ctx *c = ctx;
    if (db_row_null(row, 0))
        return 0;
    const char *next = *c->acc ? arena_printf(c->a, "%s %s", row->val[0], c->acc)
                               : arena_strdup(c->a, row->val[0]);
    if (!next)
        return err_unavailable(err, "out of memory");
    c->acc = next;
    return 0;
}

int db_outbox_references(struct arena *a, long long ticket_id, long long before, int max,
                         const char **refs, struct app_err *err)
{
    struct refs_ctx c = {a, ""};
    /* Our earlier mails of the ticket and the customer's own (mail_inbound: their
     * Message-IDs, kept without brackets; a key made of the message's hash is none),
     * newest last, so the customer's mail client threads the answer under theirs. */
    int rc = db_query(
        "SELECT ref FROM (SELECT message_id AS ref, created_at AS at, id AS n FROM outbox "
        "WHERE ticket_id = ? AND id < ? AND message_id IS NOT NULL AND recipient_id IS NULL "
        "UNION ALL "
        "SELECT CONCAT('<', mail_key, '>'), created_at, id FROM mail_inbound "
        "WHERE ticket_id = ? AND mail_key NOT LIKE 'sha256:%') r ORDER BY at DESC, n DESC LIMIT ?",
        DB_PARAMS(DBP_INT(ticket_id), DBP_INT(before), DBP_INT(ticket_id), DBP_INT(max)), add_ref,
        &c, err);
    *refs = c.acc;
    return rc;
}

int db_outbox_mark_sent(long long id, const char *token, struct app_err *err)
{
    return db_exec("UPDATE outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(), "
                   "attempts = attempts + 1, claim_token = NULL WHERE id = ? AND claim_token = ?",
                   DB_PARAMS(DBP_INT(id), DBP_STR(token)), NULL, NULL, err);
}

int db_outbox_mark_retry(long long id, const char *token, const char *error, bool give_up,
                         long long delay_seconds, struct app_err *err)
{
    return db_exec("UPDATE outbox SET attempts = attempts + 1, last_error = LEFT(?, 500), "
                   "status = ?, next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
                   "claim_token = NULL WHERE id = ? AND claim_token = ?",
                   DB_PARAMS(DBP_STR(error), DBP_STR(give_up ? "failed" : "queued"),
                             DBP_INT(delay_seconds), DBP_INT(id), DBP_STR(token)),
                   NULL, NULL, err);
}

int db_outbox_list(struct arena *a, const char *status, long long before, int limit,
                   struct outbox_row **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    long long below = before > 0 ? before : (1LL << 62);
    int rc = status ? db_select(a,
                                "SELECT " OUTBOX_COLS OUTBOX_FROM "WHERE o.status = ? AND o.id < ? "
                                "ORDER BY o.id DESC LIMIT ?",
                                DB_PARAMS(DBP_STR(status), DBP_INT(below), DBP_INT(limit)),
                                &outbox_layout, limit, NULL, &rows, n, err)
                    : db_select(a,
                                "SELECT " OUTBOX_COLS OUTBOX_FROM
                                "WHERE o.id < ? ORDER BY o.id DESC LIMIT ?",
                                DB_PARAMS(DBP_INT(below), DBP_INT(limit)), &outbox_layout, limit,
                                NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_outbox_of_ticket(struct arena *a, long long ticket_id, int limit, struct outbox_row **out,
                        int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a,
                       "SELECT " OUTBOX_COLS OUTBOX_FROM
                       "WHERE o.ticket_id = ? AND o.recipient_id IS NULL ORDER BY o.id LIMIT ?",
                       DB_PARAMS(DBP_INT(ticket_id), DBP_INT(limit)), &outbox_layout, limit, NULL,
                       &rows, n, err);
    *out = rows;
    return rc;
}

int db_outbox_get(struct arena *a, long long id, struct outbox_row *out, bool *found,
                  struct app_err *err)
{
    int n = 0;
    int rc = db_select(a, "SELECT " OUTBOX_COLS OUTBOX_FROM "WHERE o.id = ?",
                       DB_PARAMS(DBP_INT(id)), &outbox_layout, 1, out, NULL, &n, err);
    *found = n == 1;
    return rc;
}

int db_outbox_requeue(long long id, bool *requeued, struct app_err *err)
{
    unsigned long long n = 0;
    int rc = db_exec("UPDATE outbox SET status = 'queued', attempts = 0, claim_token = NULL, "
                     "next_attempt_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'failed'",
                     DB_PARAMS(DBP_INT(id)), &n, NULL, err);
    *requeued = n == 1;
    return rc;
}
