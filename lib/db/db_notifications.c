/* db_notifications: SQL for notifications and notification_prefs. */
#include "db/db_notifications.h"

#include "db/db.h"
#include "db/db_rows.h"

/* Staff who chose `col` (a literal column of notification_prefs) and can sign in. */
#define CHOSEN(col)                                                                                \
    " FROM notification_prefs p JOIN users u ON u.id = p.user_id WHERE p." col " = 1 "             \
    "AND u.role IN ('agent', 'admin') AND u.disabled = 0"

int db_notify_user(long long user_id, long long ticket_id, const char *kind, struct app_err *err)
{
    return db_exec("INSERT INTO notifications (user_id, ticket_id, kind, created_at) "
                   "VALUES (?, ?, ?, UTC_TIMESTAMP())",
                   DB_PARAMS(DBP_INT(user_id), DBP_INT(ticket_id), DBP_STR(kind)), NULL, NULL, err);
}

int db_notify_new_ticket(long long ticket_id, struct app_err *err)
{
    return db_exec("INSERT INTO notifications (user_id, ticket_id, kind, created_at) "
                   "SELECT u.id, ?, 'new_ticket', UTC_TIMESTAMP()" CHOSEN("new_tickets"),
                   DB_PARAMS(DBP_INT(ticket_id)), NULL, NULL, err);
}

int db_notify_assignee(long long ticket_id, long long actor_id, struct app_err *err)
{
    return db_exec("INSERT INTO notifications (user_id, ticket_id, kind, created_at) "
                   "SELECT t.assignee_id, t.id, 'ticket_changed', UTC_TIMESTAMP() FROM tickets t "
                   "LEFT JOIN notification_prefs p ON p.user_id = t.assignee_id "
                   "WHERE t.id = ? AND t.assignee_id IS NOT NULL AND t.assignee_id <> ? "
                   "AND COALESCE(p.assigned, 1) = 1",
                   DB_PARAMS(DBP_INT(ticket_id), DBP_INT(actor_id)), NULL, NULL, err);
}

int db_notifications_unread(long long user_id, long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? "
                    "AND read_at IS NULL LIMIT ?) x",
                    DB_PARAMS(DBP_INT(user_id), DBP_INT(NOTIFICATIONS_UNREAD_MAX)), db_row_first_ll,
                    n, err);
}

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define NOTE_SELECT                                                                                \
    "SELECT n.id, n.ticket_id, n.kind, t.subject, " TS("n.created_at") ", " TS(                    \
        "n.read_at") " FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id "
#define R(kind, field) DBC(kind, struct notification_row, field)
static const struct db_col note_cols[] = {
    R(DBC_LL, id),       R(DBC_LL, ticket_id),   R(DBC_STR, kind),
    R(DBC_STR, subject), R(DBC_STR, created_at), R(DBC_STR, read_at),
};
#undef R
static const struct db_layout note_layout = DB_LAYOUT(struct notification_row, note_cols);

int db_notifications_list(struct arena *a, long long user_id, long long before, int limit,
                          struct notification_row **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    long long below = before > 0 ? before : (1LL << 62);
    int rc = db_select(a, NOTE_SELECT "WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?",
                       DB_PARAMS(DBP_INT(user_id), DBP_INT(below), DBP_INT(limit)), &note_layout,
                       limit, NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_notifications_get(struct arena *a, long long user_id, long long id,
                         struct notification_row *out, bool *found, struct app_err *err)
{
    int n = 0;
    int rc =
        db_select(a, NOTE_SELECT "WHERE n.id = ? AND n.user_id = ?",
                  DB_PARAMS(DBP_INT(id), DBP_INT(user_id)), &note_layout, 1, out, NULL, &n, err);
    *found = rc == 0 && n == 1;
    return rc;
}

int db_notifications_read(long long user_id, long long id, long long up_to,
                          unsigned long long *marked, struct app_err *err)
{
    *marked = 0;
    if (id > 0)
        return db_exec("UPDATE notifications SET read_at = UTC_TIMESTAMP() "
                       "WHERE user_id = ? AND id = ? AND read_at IS NULL",
                       DB_PARAMS(DBP_INT(user_id), DBP_INT(id)), marked, NULL, err);
    return db_exec("UPDATE notifications SET read_at = UTC_TIMESTAMP() "
                   "WHERE user_id = ? AND read_at IS NULL AND id <= ?",
                   DB_PARAMS(DBP_INT(user_id), DBP_INT(up_to)), marked, NULL, err);
}

struct prefs_row {
    bool new_tickets, assigned, by_mail;
};
static const struct db_col prefs_cols[] = {
    DBC(DBC_BOOL, struct prefs_row, new_tickets),
    DBC(DBC_BOOL, struct prefs_row, assigned),
    DBC(DBC_BOOL, struct prefs_row, by_mail),
};
static const struct db_layout prefs_layout = DB_LAYOUT(struct prefs_row, prefs_cols);

int db_notification_prefs_get(long long user_id, struct notification_prefs *p, struct app_err *err)
{
    struct prefs_row r;
    int n = 0;
    struct arena a;
    arena_init(&a, 0);
    int rc = db_select(&a,
                       "SELECT new_tickets, assigned, by_mail FROM notification_prefs "
                       "WHERE user_id = ?",
                       DB_PARAMS(DBP_INT(user_id)), &prefs_layout, 1, &r, NULL, &n, err);
    arena_cleanup(&a);
    *p = rc == 0 && n == 1 ? (struct notification_prefs){r.new_tickets, r.assigned, r.by_mail}
                           : NOTIFY_PREFS_DEFAULT;
    return rc;
}

int db_notification_prefs_put(long long user_id, const struct notification_prefs *p,
                              struct app_err *err)
{
    return db_exec("INSERT INTO notification_prefs (user_id, new_tickets, assigned, by_mail) "
                   "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE new_tickets = VALUES(new_tickets), "
                   "assigned = VALUES(assigned), by_mail = VALUES(by_mail)",
                   DB_PARAMS(DBP_INT(user_id), DBP_INT(p->new_tickets), DBP_INT(p->assigned),
                             DBP_INT(p->by_mail)),
                   NULL, NULL, err);
}
