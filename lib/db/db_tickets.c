/* db_tickets: SQL for tickets, ticket_messages and feedback. */
#include "db/db_tickets.h"

#include <string.h>

#include "db/db.h"

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define TICKET_COLS                                                                            \
    "t.id, t.customer_id, t.assignee_id, t.subject, t.body, t.status, t.priority, t.intent, "  \
    "t.confidence, t.decision, t.decision_reason, t.similar_ticket_id, t.similarity, "         \
    "t.response, t.response_source, t.response_sent, t.reusable, t.response_no, "              \
    TS("t.created_at") ", " TS("t.updated_at") ", " TS("t.resolved_at") ", u.name"
#define TICKET_FROM " FROM tickets t JOIN users u ON u.id = t.customer_id "

struct ticket_rows {
    struct arena *a;
    struct ticket *out;
    int max, n;
};

static int ticket_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct ticket_rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    struct ticket *t = &r->out[r->n];
    struct arena *a = r->a;
    t->id = db_row_ll(row, 0);
    t->customer_id = db_row_ll(row, 1);
    t->assignee_id = db_row_ll(row, 2);
    t->subject = db_row_dup(a, row, 3, err);
    t->body = db_row_dup(a, row, 4, err);
    int st = ticket_status_parse(row->val[5]);
    t->status = st < 0 ? TS_OPEN : (enum ticket_status)st;
    t->priority = db_row_dup(a, row, 6, err);
    t->intent = db_row_dup(a, row, 7, err);
    t->has_confidence = !db_row_null(row, 8);
    t->confidence = db_row_dbl(row, 8);
    t->decision = db_row_dup(a, row, 9, err);
    t->decision_reason = db_row_dup(a, row, 10, err);
    t->similar_ticket_id = db_row_ll(row, 11);
    t->has_similarity = !db_row_null(row, 12);
    t->similarity = db_row_dbl(row, 12);
    t->response = db_row_dup(a, row, 13, err);
    t->response_source = db_row_dup(a, row, 14, err);
    t->response_sent = db_row_ll(row, 15) != 0;
    t->reusable = db_row_ll(row, 16) != 0;
    t->response_no = db_row_ll(row, 17);
    t->created_at = db_row_dup(a, row, 18, err);
    t->updated_at = db_row_dup(a, row, 19, err);
    t->resolved_at = db_row_dup(a, row, 20, err);
    t->customer_name = db_row_dup(a, row, 21, err);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

static int rows_init(struct ticket_rows *r, struct arena *a, int max, struct app_err *err)
{
    r->a = a;
    r->max = max;
    r->n = 0;
    r->out = arena_calloc(a, (size_t)(max > 0 ? max : 1), sizeof(struct ticket));
    return r->out ? 0 : err_unavailable(err, "out of memory");
}

int db_tickets_create(long long customer_id, const char *subject, const char *body,
                      const char *priority, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO tickets (customer_id, subject, body, priority) "
                     "VALUES (?, ?, ?, ?)",
                     DB_PARAMS(DBP_INT(customer_id), DBP_STR(subject), DBP_STR(body),
                                         DBP_STR(priority)), NULL, &insert_id, err);
    *id = (long long)insert_id;
    return rc;
}

int db_tickets_get(struct arena *a, long long id, bool for_update, struct ticket *t, bool *found,
                   struct app_err *err)
{
    struct ticket_rows r = {a, t, 1, 0};
    const char *sql = for_update
                          ? "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ? FOR UPDATE"
                          : "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ?";
    int rc = db_query(sql, DB_PARAMS(DBP_INT(id)), ticket_row, &r, err);
    *found = r.n == 1;
    return rc;
}

/* MariaDB parses full-text operators even in natural language mode ("*" alone is
 * a syntax error), so a search is reduced to its words. NULL when none are left. */
static char *search_words(struct arena *a, const char *q)
{
    char *w = arena_strdup(a, q);
    bool any = false;
    for (char *p = w; p && *p; p++) {
        if (strchr("*+-<>()~\"@'", *p))
            *p = ' ';
        else if (*p != ' ' && *p != '\t')
            any = true;
    }
    return any ? w : NULL;
}

int db_tickets_list(struct arena *a, const struct ticket_filter *f, struct ticket **out, int *n,
                    struct app_err *err)
{
    struct ticket_rows r;
    if (rows_init(&r, a, f->limit, err))
        return -1;
    *out = r.out;
    *n = 0;
    const char *q = f->q ? search_words(a, f->q) : NULL;
    if (f->q && !q)
        return 0; /* nothing searchable: no ticket matches */
    /* Optional filters as "? IS NULL OR ..." keep the statement static (prepared
     * once); the text search gets its own statement so FULLTEXT can drive it. */
    static const char plain[] =
        "SELECT " TICKET_COLS TICKET_FROM
        "WHERE t.id < ? AND (? = 0 OR t.customer_id = ?) AND (? IS NULL OR t.status = ?) "
        "AND (? IS NULL OR t.intent = ?) AND (? = 0 OR t.assignee_id = ?) "
        "ORDER BY t.id DESC LIMIT ?";
    static const char text[] =
        "SELECT " TICKET_COLS TICKET_FROM
        "WHERE MATCH(t.subject, t.body) AGAINST (? IN NATURAL LANGUAGE MODE) "
        "AND t.id < ? AND (? = 0 OR t.customer_id = ?) AND (? IS NULL OR t.status = ?) "
        "AND (? IS NULL OR t.intent = ?) AND (? = 0 OR t.assignee_id = ?) "
        "ORDER BY t.id DESC LIMIT ?";
    struct db_param status = f->status >= 0 ? DBP_STR(ticket_status_name(f->status)) : DBP_NULL;
    struct db_param p[12] = {DBP_STR(q),
                             DBP_INT(f->before > 0 ? f->before : (1LL << 62)),
                             DBP_INT(f->customer_id),
                             DBP_INT(f->customer_id),
                             status,
                             status,
                             DBP_STR(f->intent),
                             DBP_STR(f->intent),
                             DBP_INT(f->assignee_id),
                             DBP_INT(f->assignee_id),
                             DBP_INT(f->limit)};
    int rc = q ? db_query(text, p, 11, ticket_row, &r, err)
                  : db_query(plain, p + 1, 10, ticket_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}

int db_tickets_queue(struct arena *a, int limit, struct ticket **out, int *n, struct app_err *err)
{
    struct ticket_rows r;
    if (rows_init(&r, a, limit, err))
        return -1;
    int rc = db_query("SELECT " TICKET_COLS TICKET_FROM
                      "WHERE t.status IN ('OPEN', 'REOPENED') ORDER BY t.created_at, t.id LIMIT ?",
                      DB_PARAMS(DBP_INT(limit)), ticket_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}

struct message_rows {
    struct arena *a;
    struct ticket_message *out;
    int max, n;
};

static int message_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct message_rows *r = ctx;
    if (r->n >= r->max)
        return 0;
    struct ticket_message *m = &r->out[r->n];
    m->id = db_row_ll(row, 0);
    m->author_id = db_row_ll(row, 1);
    m->author_role = db_row_dup(r->a, row, 2, err);
    m->body = db_row_dup(r->a, row, 3, err);
    m->created_at = db_row_dup(r->a, row, 4, err);
    if (err_is_set(err))
        return -1;
    r->n++;
    return 0;
}

#define MESSAGE_COLS "id, author_id, author_role, body, " TS("created_at")
#define MAX_MESSAGES 1000

int db_tickets_messages(struct arena *a, long long ticket_id, struct ticket_message **out, int *n,
                        struct app_err *err)
{
    struct message_rows r = {a, arena_calloc(a, MAX_MESSAGES, sizeof(struct ticket_message)),
                             MAX_MESSAGES, 0};
    if (!r.out)
        return err_unavailable(err, "out of memory");
    int rc = db_query("SELECT " MESSAGE_COLS " FROM ticket_messages WHERE ticket_id = ? "
                      "ORDER BY id LIMIT 1000",
                      DB_PARAMS(DBP_INT(ticket_id)), message_row, &r, err);
    *out = r.out;
    *n = r.n;
    return rc;
}

int db_tickets_get_message(struct arena *a, long long id, struct ticket_message *m,
                           struct app_err *err)
{
    struct message_rows r = {a, m, 1, 0};
    if (db_query("SELECT " MESSAGE_COLS " FROM ticket_messages WHERE id = ?",
                 DB_PARAMS(DBP_INT(id)), message_row, &r, err))
        return -1;
    return r.n == 1 ? 0 : err_internal(err, "message %lld not found", id);
}

int db_tickets_count_messages(long long ticket_id, long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = ?",
                    DB_PARAMS(DBP_INT(ticket_id)), db_row_first_ll, n, err);
}

int db_tickets_add_message(long long ticket_id, long long author_id, const char *author_role,
                           const char *body, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO ticket_messages (ticket_id, author_id, author_role, body) "
                     "VALUES (?, ?, ?, ?)",
                     DB_PARAMS(DBP_INT(ticket_id), db_param_id(author_id),
                                         DBP_STR(author_role), DBP_STR(body)), NULL, &insert_id, err);
    if (id)
        *id = (long long)insert_id;
    return rc;
}

int db_tickets_set_status(long long id, enum ticket_status s, struct app_err *err)
{
    /* An agent's standing resolution that is reopened is no longer a known solution. */
    if ((s == TS_OPEN || s == TS_REOPENED) &&
        db_exec("INSERT INTO solutions (ticket_id, retracted) SELECT id, 1 FROM tickets "
                "WHERE id = ? AND response_source = 'agent' AND status IN ('RESOLVED', 'CLOSED')",
                DB_PARAMS(DBP_INT(id)), NULL, NULL, err))
        return -1;
    /* resolved_at tracks the latest resolution; reopening clears it. */
    /* auto_reopened is assigned before status, so it still sees the old status. */
    return db_exec("UPDATE tickets SET auto_reopened = auto_reopened OR "
                   "(status = 'AUTO_RESOLVED' AND ? = 'REOPENED'), status = ?, resolved_at = CASE "
                   "WHEN ? IN ('RESOLVED', 'AUTO_RESOLVED') THEN COALESCE(resolved_at, UTC_TIMESTAMP()) "
                   "WHEN ? IN ('OPEN', 'REOPENED') THEN NULL ELSE resolved_at END WHERE id = ?",
                   DB_PARAMS(DBP_STR(ticket_status_name(s)),
                                       DBP_STR(ticket_status_name(s)),
                                       DBP_STR(ticket_status_name(s)),
                                       DBP_STR(ticket_status_name(s)), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_set_priority(long long id, const char *priority, struct app_err *err)
{
    return db_exec("UPDATE tickets SET priority = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(priority), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_set_assignee(long long id, long long assignee_id, struct app_err *err)
{
    return db_exec("UPDATE tickets SET assignee_id = ? WHERE id = ?",
                   DB_PARAMS(db_param_id(assignee_id), DBP_INT(id)), NULL, NULL,
                   err);
}

int db_tickets_set_intent(long long id, const char *intent, struct app_err *err)
{
    return db_exec("UPDATE tickets SET intent = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(intent), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_set_outcome(long long id, const struct ticket_outcome *o, struct app_err *err)
{
    return db_exec(
        "UPDATE tickets SET intent = ?, predicted_intent = ?, confidence = ?, decision = ?, "
        "decision_reason = ?, similar_ticket_id = ?, similarity = ?, response = ?, "
        "response_source = ? WHERE id = ?",
        DB_PARAMS(DBP_STR(o->intent), DBP_STR(o->intent),
                            o->has_confidence ? DBP_DBL(o->confidence) : DBP_NULL,
                            DBP_STR(o->decision), DBP_STR(o->decision_reason ? o->decision_reason : ""),
                            db_param_id(o->similar_ticket_id),
                            o->has_similarity ? DBP_DBL(o->similarity) : DBP_NULL,
                            DBP_STR(o->response), DBP_STR(o->response_source), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_send_response(long long id, const char *response, const char *source,
                             bool reusable, bool resolves, struct app_err *err)
{
    /* An agent's resolution becomes a known solution for the similarity search. */
    if (resolves && strcmp(source, "agent") == 0 &&
        db_exec("INSERT INTO solutions (ticket_id) VALUES (?)", DB_PARAMS(DBP_INT(id)), NULL, NULL, err))
        return -1;
    return db_exec("UPDATE tickets SET response = ?, response_source = ?, response_sent = 1, "
                   "response_no = response_no + 1, reusable = ?, "
                   "first_response_at = COALESCE(first_response_at, UTC_TIMESTAMP()), "
                   "resolved_at = CASE WHEN ? THEN UTC_TIMESTAMP() ELSE resolved_at END "
                   "WHERE id = ?",
                   DB_PARAMS(DBP_STR(response), DBP_STR(source), DBP_INT(reusable),
                                       DBP_INT(resolves), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_mark_first_response(long long id, struct app_err *err)
{
    return db_exec("UPDATE tickets SET first_response_at = COALESCE(first_response_at, "
                   "UTC_TIMESTAMP()) WHERE id = ?",
                   DB_PARAMS(DBP_INT(id)), NULL, NULL, err);
}

int db_feedback_create(long long ticket_id, long long customer_id, long long response_no,
                       bool helpful, int rating, const char *comment, const char *source,
                       bool was_auto, const char *intent, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec("INSERT INTO feedback (ticket_id, customer_id, response_no, helpful, rating, "
                     "comment, response_source, was_auto, intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     DB_PARAMS(DBP_INT(ticket_id), DBP_INT(customer_id),
                                         DBP_INT(response_no), DBP_INT(helpful),
                                         rating > 0 ? DBP_INT(rating) : DBP_NULL, DBP_STR(comment),
                                         DBP_STR(source), DBP_INT(was_auto), DBP_STR(intent)), NULL, &insert_id, err);
    if (id)
        *id = (long long)insert_id;
    return rc;
}

int db_tickets_import(long long customer_id, const char *subject, const char *body,
                      const char *intent, const char *response, bool reusable,
                      const char *created_at, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec(
        "INSERT INTO tickets (customer_id, subject, body, status, intent, response, "
        "response_source, response_sent, response_no, reusable, decision_reason, created_at, "
        "resolved_at, first_response_at) VALUES (?, ?, ?, 'RESOLVED', ?, ?, 'agent', 1, 1, ?, "
        "'imported', COALESCE(?, UTC_TIMESTAMP()), COALESCE(?, UTC_TIMESTAMP()), "
        "COALESCE(?, UTC_TIMESTAMP()))",
        DB_PARAMS(DBP_INT(customer_id), DBP_STR(subject), DBP_STR(body), DBP_STR(intent),
                            DBP_STR(response), DBP_INT(reusable), DBP_STR(created_at),
                            DBP_STR(created_at), DBP_STR(created_at)), NULL, &insert_id, err);
    *id = (long long)insert_id;
    if (rc == 0)
        rc = db_exec("INSERT INTO solutions (ticket_id) VALUES (?)",
                     DB_PARAMS(DBP_INT(*id)), NULL, NULL, err);
    return rc;
}
