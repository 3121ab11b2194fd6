/* db_tickets: SQL for tickets, ticket_messages and feedback. */
#include "db/db_tickets.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_rows.h"
#include "db/db_ticket_rows.h"

_Static_assert(sizeof(enum ticket_status) == sizeof(int), "DBC_ENUM writes an int");

/* TICKET_COLS, in order. */
#define T(kind, field) DBC(kind, struct ticket, field)
static const struct db_col ticket_cols[] = {
    T(DBC_LL, id),
    T(DBC_LL, customer_id),
    T(DBC_LL, assignee_id),
    T(DBC_STR, subject),
    T(DBC_STR, body),
    DBC_PARSED(struct ticket, status, ticket_status_parse),
    T(DBC_STR, priority),
    T(DBC_STR, channel),
    T(DBC_STR, intent),
    DBC_OPT_DBL(struct ticket, confidence, has_confidence),
    T(DBC_STR, decision),
    T(DBC_STR, decision_reason),
    T(DBC_LL, similar_ticket_id),
    DBC_OPT_DBL(struct ticket, similarity, has_similarity),
    T(DBC_STR, response),
    T(DBC_STR, response_source),
    T(DBC_BOOL, response_sent),
    T(DBC_BOOL, reusable),
    T(DBC_LL, response_no),
    T(DBC_STR, created_at),
    T(DBC_STR, updated_at),
    T(DBC_STR, resolved_at),
    T(DBC_STR, customer_name),
    T(DBC_LL, version),
    T(DBC_STR, first_response_at),
    T(DBC_STR, first_response_due_at),
    T(DBC_STR, resolution_due_at),
    T(DBC_STR, sla_paused_at),
    T(DBC_LL, sla_paused_seconds),
};
#undef T
static const struct db_layout ticket_layout = DB_LAYOUT(struct ticket, ticket_cols);

int db_ticket_rows(struct arena *a, const char *sql, const struct db_param *p, size_t np, int max,
                   struct ticket **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc = db_select(a, sql, p, np, &ticket_layout, max, NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_tickets_insert(const struct ticket_new *t, long long *id, struct app_err *err)
{
    const struct ticket_outcome *o = t->o;
    unsigned long long insert_id = 0;
    int rc = db_exec(
        "INSERT INTO tickets (customer_id, subject, body, priority, channel, status, intent, "
        "predicted_intent, confidence, decision, decision_reason, similar_ticket_id, similarity, "
        "response_text, response_source, response_sent, response_no, created_at, updated_at, "
        "resolved_at, first_response_at, first_response_due_at, resolution_due_at, sla_paused_at, "
        "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        DB_PARAMS(DBP_INT(t->customer_id), DBP_STR(t->subject), DBP_STR(t->body),
                  DBP_STR(t->priority), DBP_STR(t->channel ? t->channel : "web"),
                  DBP_STR(t->answered ? "AUTO_RESOLVED" : "OPEN"), DBP_STR(o->intent),
                  DBP_STR(o->intent), o->has_confidence ? DBP_DBL(o->confidence) : DBP_NULL,
                  DBP_STR(o->decision), DBP_STR(o->decision_reason ? o->decision_reason : ""),
                  db_param_id(o->similar_ticket_id),
                  o->has_similarity ? DBP_DBL(o->similarity) : DBP_NULL, DBP_STR(o->response),
                  DBP_STR(o->response_source), DBP_INT(t->answered), DBP_INT(t->answered),
                  DBP_STR(t->now), DBP_STR(t->now), t->answered ? DBP_STR(t->now) : DBP_NULL,
                  t->answered ? DBP_STR(t->now) : DBP_NULL, DBP_STR(t->first_response_due),
                  DBP_STR(t->resolution_due),
                  /* answered at once: done, so the SLA's clock stands still from now */
                  t->answered ? DBP_STR(t->now) : DBP_NULL, DBP_STR(t->search)),
        NULL, &insert_id, err);
    *id = (long long)insert_id;
    return rc;
}

int db_tickets_feedback_on(struct arena *a, long long ticket_id, long long response_no, bool *rated,
                           bool *helpful, int *stars, const char **comment, struct app_err *err)
{
    struct row {
        bool helpful;
        long long stars;
        const char *comment;
    } r = {false, 0, NULL};
    static const struct db_col cols[] = {DBC(DBC_BOOL, struct row, helpful),
                                         DBC(DBC_LL, struct row, stars),
                                         DBC(DBC_STR, struct row, comment)};
    static const struct db_layout layout = DB_LAYOUT(struct row, cols);
    int n = 0;
    if (db_select(a,
                  "SELECT helpful, rating, comment FROM feedback WHERE ticket_id = ? AND "
                  "response_no = ?",
                  DB_PARAMS(DBP_INT(ticket_id), DBP_INT(response_no)), &layout, 1, &r, NULL, &n,
                  err))
        return -1;
    *rated = n == 1;
    *helpful = r.helpful;
    *stars = (int)r.stars;
    *comment = r.comment;
    return 0;
}

int db_tickets_count_quota(long long customer_id, long long hour, struct app_err *err)
{
    /* The row holds one hour: a later hour starts it again at 1; a ticket stamped in
     * an earlier hour (a clock step back) never moves it back. */
    return db_exec("INSERT INTO ticket_quota (user_id, hour, n) VALUES (?, ?, 1) "
                   "ON DUPLICATE KEY UPDATE n = IF(hour = VALUES(hour), n + 1, "
                   "IF(hour < VALUES(hour), 1, n)), bytes = IF(hour < VALUES(hour), 0, bytes), "
                   "hour = GREATEST(hour, VALUES(hour))",
                   DB_PARAMS(DBP_INT(customer_id), DBP_INT(hour)), NULL, NULL, err);
}

int db_tickets_get(struct arena *a, long long id, bool for_update, struct ticket *t, bool *found,
                   struct app_err *err)
{
    const char *sql = for_update ? "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ? FOR UPDATE"
                                 : "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ?";
    int n = 0;
    int rc = db_select(a, sql, DB_PARAMS(DBP_INT(id)), &ticket_layout, 1, t, NULL, &n, err);
    *found = n == 1;
    return rc;
}

/* MESSAGE_COLS, in order. */
static const struct db_col message_cols[] = {
    DBC(DBC_LL, struct ticket_message, id),
    DBC(DBC_LL, struct ticket_message, author_id),
    DBC(DBC_STR, struct ticket_message, author_role),
    DBC(DBC_STR, struct ticket_message, body),
    DBC(DBC_STR, struct ticket_message, created_at),
    DBC(DBC_BOOL, struct ticket_message, internal),
};
static const struct db_layout message_layout = DB_LAYOUT(struct ticket_message, message_cols);

/* The ticket row joined with each of its messages (one row with NULL message columns
 * when it has none): the ticket and its conversation in one round trip. */
struct ticket_read_row {
    struct ticket t;
    struct ticket_message m;
};
static const struct db_col read_cols[] = {
    DBC_STRUCT(struct ticket_read_row, t, &ticket_layout),
    DBC_STRUCT(struct ticket_read_row, m, &message_layout),
};
static const struct db_layout read_layout = DB_LAYOUT(struct ticket_read_row, read_cols);

static int by_id(const void *x, const void *y)
{
    long long a = ((const struct ticket_message *)x)->id,
              b = ((const struct ticket_message *)y)->id;
    return (a > b) - (a < b);
}

int db_tickets_read(struct arena *a, long long id, int max_messages, struct ticket *t,
                    struct ticket_message **m, int *n, bool *found, struct app_err *err)
{
    void *rows = NULL;
    int k = 0;
    *m = NULL;
    *n = 0;
    if (db_select(a,
                  "SELECT " TICKET_COLS ", m.id, m.author_id, m.author_role, m.body, " TS(
                      "m.created_at") ", m.internal" TICKET_FROM "LEFT JOIN ticket_messages m "
                                      "ON m.ticket_id = t.id WHERE t.id = ? LIMIT ?",
                  DB_PARAMS(DBP_INT(id), DBP_INT(max_messages)), &read_layout, max_messages, NULL,
                  &rows, &k, err))
        return -1;
    *found = k > 0;
    if (!*found)
        return 0;
    const struct ticket_read_row *r = rows;
    *t = r[0].t;
    if (!(*m = arena_calloc(a, (size_t)k, sizeof **m)))
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < k; i++)
        if (r[i].m.id > 0) /* the one row of a ticket without messages has none */
            (*m)[(*n)++] = r[i].m;
    /* Oldest first. Sorted here: an ORDER BY on the joined table would make the
     * server sort the joined rows through a temporary buffer for every read. */
    qsort(*m, (size_t)*n, sizeof **m, by_id);
    return 0;
}

void db_ticket_list_filters(const struct ticket_filter *f, struct db_param *p)
{
    struct db_param status = f->status >= 0 ? DBP_STR(ticket_status_name(f->status)) : DBP_NULL;
    p[0] = DBP_INT(f->before > 0 ? f->before : (1LL << 62));
    p[1] = p[2] = DBP_INT(f->customer_id);
    p[3] = p[4] = status;
    p[5] = p[6] = DBP_STR(f->intent);
    p[7] = p[8] = DBP_INT(f->assignee_id);
}

int db_tickets_list(struct arena *a, const struct ticket_filter *f, struct ticket **out, int *n,
                    struct app_err *err)
{
    static const char sql[] =
        "SELECT " TICKET_COLS TICKET_FROM "WHERE " LIST_FILTERS "ORDER BY t.id DESC LIMIT ?";
    struct db_param p[LIST_NFILTERS + 1];
    db_ticket_list_filters(f, p);
    p[LIST_NFILTERS] = DBP_INT(f->limit);
    return db_ticket_rows(a, sql, p, LIST_NFILTERS + 1, f->limit, out, n, err);
}

/* The queue's views: everyone's waiting tickets, one agent's, or nobody's (assignee
 * 0 with `unassigned`). One statement each way, so each is prepared once. */
#define QUEUE_WHERE                                                                                \
    "WHERE t.status IN ('OPEN', 'REOPENED') AND (? = 0 OR t.assignee_id = ?) "                     \
    "AND (? = 0 OR t.assignee_id IS NULL) "

/* The queue's orders as the key of each row (x = the table's alias): a page starts after
 * the key of the ticket the cursor names, so tickets leaving the queue meanwhile shift
 * nothing (no ticket skipped or shown twice, unlike an offset). */
#define QUEUE_OLDEST_KEY(x) x ".created_at, " x ".id"
#define QUEUE_URGENT_KEY(x)                                                                        \
    "FIELD(" x ".priority, 'urgent', 'high', 'normal', 'low'), " QUEUE_OLDEST_KEY(x)
/* What is due next (sla_next_due: the first response until there is one, then the
 * resolution), soonest first, so overdue tickets lead; none due sorts last (a time
 * past any due, so the key has no NULL for the page's comparison). */
#define QUEUE_DUE_KEY(x)                                                                           \
    "COALESCE(IF(" x ".first_response_at IS NULL AND " x ".first_response_due_at IS NOT NULL, " x  \
    ".first_response_due_at, " x                                                                   \
    ".resolution_due_at), '9999-12-31 23:59:59'), " QUEUE_OLDEST_KEY(x)
#define QUEUE_PAGE(key)                                                                            \
    "AND (? = 0 OR (" key("t") ") > (SELECT " key("r") " FROM tickets r WHERE r.id = ?)) "         \
                                                       "ORDER BY " key("t") " LIMIT ?"

int db_tickets_queue(struct arena *a, long long assignee, bool unassigned, enum queue_order order,
                     long long after_id, int limit, struct ticket **out, int *n, long long *total,
                     struct app_err *err)
{
    static const char oldest[] =
        "SELECT " TICKET_COLS TICKET_FROM QUEUE_WHERE QUEUE_PAGE(QUEUE_OLDEST_KEY);
    /* Most urgent first, the oldest first within a priority. */
    static const char urgent[] =
        "SELECT " TICKET_COLS TICKET_FROM QUEUE_WHERE QUEUE_PAGE(QUEUE_URGENT_KEY);
    static const char due[] =
        "SELECT " TICKET_COLS TICKET_FROM QUEUE_WHERE QUEUE_PAGE(QUEUE_DUE_KEY);
    *total = 0;
    return db_ticket_rows(a,
                          order == QUEUE_DUE      ? due
                          : order == QUEUE_URGENT ? urgent
                                                  : oldest,
                          DB_PARAMS(DBP_INT(assignee), DBP_INT(assignee), DBP_INT(unassigned),
                                    DBP_INT(after_id), DBP_INT(after_id), DBP_INT(limit)),
                          limit, out, n, err) ||
                   db_query("SELECT COUNT(*) FROM tickets t " QUEUE_WHERE,
                            DB_PARAMS(DBP_INT(assignee), DBP_INT(assignee), DBP_INT(unassigned)),
                            db_row_first_ll, total, err)
               ? -1
               : 0;
}

#define MESSAGE_COLS "id, author_id, author_role, body, " TS("created_at") ", internal"
int db_tickets_get_message(struct arena *a, long long id, struct ticket_message *m,
                           struct app_err *err)
{
    int n = 0;
    if (db_select(a, "SELECT " MESSAGE_COLS " FROM ticket_messages WHERE id = ?",
                  DB_PARAMS(DBP_INT(id)), &message_layout, 1, m, NULL, &n, err))
        return -1;
    return n == 1 ? 0 : err_internal(err, "message %lld not found", id);
}

int db_tickets_count_messages(long long ticket_id, long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = ?",
                    DB_PARAMS(DBP_INT(ticket_id)), db_row_first_ll, n, err);
}

int db_tickets_add_message(long long ticket_id, long long author_id, const char *author_role,
                           const char *body, bool internal, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc =
        db_exec("INSERT INTO ticket_messages (ticket_id, author_id, author_role, body, internal) "
                "VALUES (?, ?, ?, ?, ?)",
                DB_PARAMS(DBP_INT(ticket_id), db_param_id(author_id), DBP_STR(author_role),
                          DBP_STR(body), DBP_INT(internal)),
                NULL, &insert_id, err);
    if (id)
        *id = (long long)insert_id;
    return rc;
}

/* PENDING and unchanged for days (updated_at moves with every change of the row). */
#define STALE_PENDING "status = 'PENDING' AND updated_at < UTC_TIMESTAMP() - INTERVAL ? DAY "

int db_tickets_stale_pending(struct arena *a, long long days, int max, long long **ids, int *n,
                             struct app_err *err)
{
    static const struct db_col cols[] = {{DBC_LL, 0, false, 0, NULL, NULL}};
    static const struct db_layout layout = {cols, 1, sizeof(long long)};
    void *rows = NULL;
    int rc =
        db_select(a, "SELECT id FROM tickets WHERE " STALE_PENDING "ORDER BY updated_at LIMIT ?",
                  DB_PARAMS(DBP_INT(days), DBP_INT(max)), &layout, max, NULL, &rows, n, err);
    *ids = rows;
    return rc;
}

int db_tickets_lock_stale_pending(long long id, long long days, bool *stale, struct app_err *err)
{
    long long found = 0;
    int rc = db_query("SELECT id FROM tickets WHERE id = ? AND " STALE_PENDING "FOR UPDATE",
                      DB_PARAMS(DBP_INT(id), DBP_INT(days)), db_row_first_ll, &found, err);
    *stale = found == id;
    return rc;
}

int db_tickets_bump_version(long long id, const char *search_more, struct app_err *err)
{
    /* The terms of a new message join in the same statement: no round trip more. A
     * text still NULL stays NULL (CONCAT), for the backfill to make whole. */
    return db_exec("UPDATE tickets SET version = version + 1, search_text = IF(? IS NULL, "
                   "search_text, CONCAT(search_text, ?)) WHERE id = ?",
                   DB_PARAMS(DBP_STR(search_more), DBP_STR(search_more), DBP_INT(id)), NULL, NULL,
                   err);
}

struct names_ctx {
    struct arena *a;
    const char **v;
    int n, max;
};

static int viewer_name(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct names_ctx *c = ctx;
    if (c->n < c->max && !(c->v[c->n++] = db_row_dup(c->a, row, 0, err)))
        return -1;
    return 0;
}

int db_tickets_viewing(struct arena *a, long long ticket_id, long long user_id, int seconds,
                       int max, const char ***names, int *n, struct app_err *err)
{
    struct names_ctx c = {a, arena_calloc(a, (size_t)max + 1, sizeof(char *)), 0, max};
    *names = NULL;
    *n = 0;
    if (!c.v)
        return err_unavailable(err, "out of memory");
    if (db_exec("INSERT INTO ticket_viewers (ticket_id, user_id, seen_at) "
                "VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE seen_at = UTC_TIMESTAMP()",
                DB_PARAMS(DBP_INT(ticket_id), DBP_INT(user_id)), NULL, NULL, err) ||
        db_query(
            "SELECT u.name FROM ticket_viewers v JOIN users u ON u.id = v.user_id "
            "WHERE v.ticket_id = ? AND v.user_id <> ? "
            "AND v.seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY v.seen_at DESC LIMIT ?",
            DB_PARAMS(DBP_INT(ticket_id), DBP_INT(user_id), DBP_INT(seconds), DBP_INT(max)),
            viewer_name, &c, err))
        return -1;
    /* Now and then the marks nobody will read again go (bounded, by the index). */
    if (ticket_id % 16 == 0 &&
        db_exec(
            "DELETE FROM ticket_viewers WHERE seen_at < UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 100",
            DB_NO_PARAMS, NULL, NULL, err))
        return -1;
    *names = c.v;
    *n = c.n;
    return 0;
}

int db_tickets_set_status(long long id, enum ticket_status s, struct app_err *err)
{
    /* An agent's standing resolution that is reopened is no longer a known solution. */
    unsigned long long retracted = 0;
    if ((s == TS_OPEN || s == TS_REOPENED || s == TS_PENDING) &&
        (db_exec("INSERT INTO solutions (ticket_id, retracted) SELECT id, 1 FROM tickets "
                 "WHERE id = ? AND response_source = 'agent' AND status IN ('RESOLVED', 'CLOSED')",
                 DB_PARAMS(DBP_INT(id)), &retracted, NULL, err) ||
         (retracted && db_generation_bump(err))))
        return -1;
    /* resolved_at tracks the latest resolution; reopening clears it. */
    /* auto_reopened is assigned before status, so it still sees the old status. */
    return db_exec(
        "UPDATE tickets SET auto_reopened = auto_reopened OR "
        "(status = 'AUTO_RESOLVED' AND ? = 'REOPENED'), status = ?, resolved_at = CASE "
        "WHEN ? IN ('RESOLVED', 'AUTO_RESOLVED') THEN COALESCE(resolved_at, UTC_TIMESTAMP()) "
        "WHEN ? IN ('OPEN', 'REOPENED', 'PENDING') THEN NULL ELSE resolved_at END WHERE id = ?",
        DB_PARAMS(DBP_STR(ticket_status_name(s)), DBP_STR(ticket_status_name(s)),
                  DBP_STR(ticket_status_name(s)), DBP_STR(ticket_status_name(s)), DBP_INT(id)),
        NULL, NULL, err);
}

int db_tickets_set_priority(long long id, const char *priority, struct app_err *err)
{
    return db_exec("UPDATE tickets SET priority = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(priority), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_set_assignee(long long id, long long assignee_id, struct app_err *err)
{
    return db_exec("UPDATE tickets SET assignee_id = ? WHERE id = ?",
                   DB_PARAMS(db_param_id(assignee_id), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_set_intent(long long id, const char *intent, struct app_err *err)
{
    return db_exec("UPDATE tickets SET intent = ? WHERE id = ?",
                   DB_PARAMS(DBP_STR(intent), DBP_INT(id)), NULL, NULL, err);
}

int db_tickets_send_response(long long id, const char *response, const char *source, bool reusable,
                             bool resolves, struct app_err *err)
{
    /* An agent's resolution becomes a known solution for the similarity search. */
    if (resolves && strcmp(source, "agent") == 0 &&
        (db_exec("INSERT INTO solutions (ticket_id) VALUES (?)", DB_PARAMS(DBP_INT(id)), NULL, NULL,
                 err) ||
         db_generation_bump(err)))
        return -1;
    return db_exec("UPDATE tickets SET response_text = ?, response_source = ?, response_sent = 1, "
                   "response_no = response_no + 1, reusable = ?, "
                   "first_response_at = COALESCE(first_response_at, UTC_TIMESTAMP()), "
                   "resolved_at = CASE WHEN ? THEN UTC_TIMESTAMP() ELSE resolved_at END "
                   "WHERE id = ?",
                   DB_PARAMS(DBP_STR(response), DBP_STR(source), DBP_INT(reusable),
                             DBP_INT(resolves), DBP_INT(id)),
                   NULL, NULL, err);
}

int db_tickets_mark_first_response(long long id, struct app_err *err)
{
    return db_exec("UPDATE tickets SET first_response_at = COALESCE(first_response_at, "
                   "UTC_TIMESTAMP()) WHERE id = ?",
                   DB_PARAMS(DBP_INT(id)), NULL, NULL, err);
}

int db_feedback_add_stars(long long ticket_id, long long response_no, int stars,
                          const char *comment, bool *added, struct app_err *err)
{
    unsigned long long n = 0;
    int rc = db_exec(
        "UPDATE feedback SET rating = ?, comment = COALESCE(comment, ?) "
        "WHERE ticket_id = ? AND response_no = ? AND helpful = 1 AND rating IS NULL",
        DB_PARAMS(DBP_INT(stars), DBP_STR(comment), DBP_INT(ticket_id), DBP_INT(response_no)), &n,
        NULL, err);
    *added = n == 1;
    return rc;
}

int db_feedback_create(long long ticket_id, long long customer_id, long long response_no,
                       bool helpful, int rating, const char *comment, const char *source,
                       bool was_auto, const char *intent, long long *id, struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc =
        db_exec("INSERT INTO feedback (ticket_id, customer_id, response_no, helpful, rating, "
                "comment, response_source, was_auto, intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                DB_PARAMS(DBP_INT(ticket_id), DBP_INT(customer_id), DBP_INT(response_no),
                          DBP_INT(helpful), rating > 0 ? DBP_INT(rating) : DBP_NULL,
                          DBP_STR(comment), DBP_STR(source), DBP_INT(was_auto), DBP_STR(intent)),
                NULL, &insert_id, err);
    if (id)
        *id = (long long)insert_id;
    return rc;
}

int db_tickets_import(long long customer_id, const char *subject, const char *body,
                      const char *intent, const char *response, bool reusable,
                      const char *created_at, const char *search, long long *id,
                      struct app_err *err)
{
    unsigned long long insert_id = 0;
    int rc = db_exec(
        "INSERT INTO tickets (customer_id, subject, body, status, intent, response_text, "
        "response_source, response_sent, response_no, reusable, decision_reason, created_at, "
        "resolved_at, first_response_at, search_text) VALUES (?, ?, ?, 'RESOLVED', ?, ?, "
        "'agent', 1, 1, ?, 'imported', COALESCE(?, UTC_TIMESTAMP()), "
        "COALESCE(?, UTC_TIMESTAMP()), COALESCE(?, UTC_TIMESTAMP()), ?)",
        DB_PARAMS(DBP_INT(customer_id), DBP_STR(subject), DBP_STR(body), DBP_STR(intent),
                  DBP_STR(response), DBP_INT(reusable), DBP_STR(created_at), DBP_STR(created_at),
                  DBP_STR(created_at), DBP_STR(search)),
        NULL, &insert_id, err);
    *id = (long long)insert_id;
    if (rc == 0)
        rc = db_exec("INSERT INTO solutions (ticket_id) VALUES (?)", DB_PARAMS(DBP_INT(*id)), NULL,
                     NULL, err) ||
                     db_generation_bump(err)
                 ? -1
                 : 0;
    return rc;
}
