/* db_ticket_rows: what the ticket statements of lib/db share (db_tickets.c and
 * db_tickets_search.c): the columns of struct ticket, the list's optional filters, and
 * the reader of such rows. Internal to lib/db. */
#ifndef DESKPILOT_DB_DB_TICKET_ROWS_H
#define DESKPILOT_DB_DB_TICKET_ROWS_H

#include "db/db.h"
#include "db/db_tickets.h"

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
/* One group of columns a line: the formatter would split the strings mid-word. */
/* clang-format off */
#define TICKET_COLS                                                                                \
    "t.id, t.customer_id, t.assignee_id, t.subject, t.body, t.status, t.priority, t.channel, "     \
    "t.intent, t.confidence, t.decision, t.decision_reason, t.similar_ticket_id, t.similarity, "   \
    "t.response, t.response_source, t.response_sent, t.reusable, t.response_no, "                 \
    TS("t.created_at") ", " TS("t.updated_at") ", " TS("t.resolved_at") ", u.name, t.version, "    \
    TS("t.first_response_at") ", " TS("t.first_response_due_at") ", "                             \
    TS("t.resolution_due_at") ", " TS("t.sla_paused_at") ", t.sla_paused_seconds"
/* clang-format on */
#define TICKET_FROM " FROM tickets t JOIN users u ON u.id = t.customer_id "

/* The list's optional filters as "? IS NULL OR ..." keep each statement static
 * (prepared once). */
#define LIST_FILTERS                                                                               \
    "t.id < ? AND (? = 0 OR t.customer_id = ?) AND (? IS NULL OR t.status = ?) "                   \
    "AND (? IS NULL OR t.intent = ?) AND (? = 0 OR t.assignee_id = ?) "
#define LIST_NFILTERS 9

/* LIST_FILTERS' parameters into p (LIST_NFILTERS of them). */
void db_ticket_list_filters(const struct ticket_filter *f, struct db_param *p);
/* Tickets (TICKET_COLS) by sql into a new arena array of at most max. */
int db_ticket_rows(struct arena *a, const char *sql, const struct db_param *p, size_t np, int max,
                   struct ticket **out, int *n, struct app_err *err);

#endif
