/* ticket_search: what a ticket search finds. The writers keep one stemmed text per
 * ticket (tickets.search_text, sql/018) and its rows of the search index
 * (ticket_terms, sql/025) in the transaction of each change: subject and body, every
 * message but the system's (internal notes in the staff-only form), the customer's
 * name and address. A search asks for every word it holds, in any inflection, and a
 * ticket number first. */
#ifndef DESKPILOT_TICKET_TICKET_SEARCH_H
#define DESKPILOT_TICKET_TICKET_SEARCH_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_tickets_search.h"

/* A search reaches at most this far into its ranked result (later pages end there):
 * nobody reads past it, and a deeper offset costs the server a longer sort. */
#define TICKET_SEARCH_MAX_RESULTS 1000

/* The search text of a new ticket, into an arena string: the subject (twice: a word
 * there weighs more), the body, the customer's name and address, and an agent's
 * answer that is no message of it (imported history; NULL = none). 503 when memory
 * ran out. */
int ticket_search_text(struct arena *a, const char *subject, const char *body, const char *name,
                       const char *email, const char *answer, const char **out,
                       struct app_err *err);
/* The terms one more message adds to its ticket's text (a note's in the staff-only
 * form), into an arena string. 503 when memory ran out. */
int ticket_search_message(struct arena *a, const char *body, bool note, const char **out,
                          struct app_err *err);
/* Write the index rows of a search text a writer has just stored for ticket_id (a new
 * ticket's whole text, or the terms a message added): counts add to the ticket's rows.
 * Nothing for NULL. In the writer's transaction. */
int ticket_search_store(struct arena *a, long long ticket_id, const char *text,
                        struct app_err *err);
/* q as a search: *s gets its words and the ticket number q is (0 when none); offset
 * is left 0. *empty when q can find nothing. staff: internal notes count. 503 when
 * memory ran out. */
int ticket_search_parse(struct arena *a, const char *q, bool staff, struct ticket_search *s,
                        bool *empty, struct app_err *err);
/* Make the search text and index rows of every ticket still without a text (sql/025
 * asks for all; a renamed customer's), in transactions of a few hundred, while the
 * desk runs: *done counts them. What deskpilot migrate runs after the migrations. */
int ticket_search_reindex(long long *done, struct app_err *err);
/* ticket_search_reindex after a committed change that left texts to make (`what`
 * names it in the log): a failure is logged, not returned — the change stands, and
 * deskpilot migrate makes the rest. How many tickets it made. */
long long ticket_search_catch_up(const char *what);

#endif
