/* db_tickets_search: the tickets' search text (sql/018) and search index (ticket_terms,
 * sql/025), the statements a search runs over them, and the backfill's. What a search
 * means is decided in lib/ticket/ticket_list.c; the terms come from ai/search_terms. */
#ifndef DESKPILOT_DB_DB_TICKETS_SEARCH_H
#define DESKPILOT_DB_DB_TICKETS_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_tickets.h"

#define DB_TICKETS_SEARCH_WORDS 8
/* The longest term ticket_terms.term holds, in bytes. */
#define DB_TICKET_TERM_MAX 200

/* A search (lib/ticket/ticket_search.h builds it): each word as the text it is found
 * by, and a ticket number that comes first when it matches the filter. */
struct ticket_search {
    long long ticket_id; /* 0 = none */
    long long offset;    /* ranked: rows of the ranking before this page */
    /* word[i][0] / [1]: " term " / its staff-only form (the same for customers) */
    const char *word[DB_TICKETS_SEARCH_WORDS][2];
    const char *term[DB_TICKETS_SEARCH_WORDS]; /* the plain term ("refund_") */
    int nwords;
    /* For the index's statements (staff searches): */
    long long tickets[DB_TICKETS_SEARCH_WORDS]; /* tickets holding word i, counted to a cap */
    long long recent[DB_TICKETS_SEARCH_WORDS];  /* of those, among the newest ids */
    double weight[DB_TICKETS_SEARCH_WORDS];     /* word i's share of a ticket's score */
    int lead; /* the word whose postings are read; the others are looked up */
};

/* For each word of s: s->tickets[i], how many tickets hold it (counting stops past
 * cap: cap + 1 means "more"), and s->recent[i], how many of the tickets with
 * id > *last - span do; *last is the newest ticket's id (0: none). One statement that
 * reads at most cap + 1 + span rows of the index a word. */
int db_tickets_search_counts(struct ticket_search *s, long long cap, long long span,
                             long long *last, struct app_err *err);
/* The tickets of f (f->before ignored) whose index rows hold every word of s, the
 * numbered one left out, best first: by the sum over the words of weight × h / (h + 1)
 * (h: the word's hits and note hits there), newest first among equals; f->limit rows
 * from s->offset. Reads every index row of s->lead's word, and looks up the other
 * words and the filter for each. */
int db_tickets_search_ranked(struct arena *a, const struct ticket_filter *f,
                             const struct ticket_search *s, struct ticket **out, int *n,
                             struct app_err *err);
/* The same, newest first, among lower < id < f->before: at most f->limit. Reads
 * s->lead's index rows from the newest down, only until the page is full. */
int db_tickets_search_newest(struct arena *a, const struct ticket_filter *f,
                             const struct ticket_search *s, long long lower, struct ticket **out,
                             int *n, struct app_err *err);
/* The lower end of a window of the newest `rows` index rows of s->lead's word below
 * before: *lower is the id of the next row down (0 when there are no more). */
int db_tickets_search_bound(const struct ticket_search *s, long long before, int rows,
                            long long *lower, struct app_err *err);
/* The ticket numbered id when the filter f (f->before ignored) lets it in: *n 0 or 1. */
int db_tickets_search_number(struct arena *a, const struct ticket_filter *f, long long id,
                             struct ticket **out, int *n, struct app_err *err);
/* The tickets of f whose search text holds every word of s, newest first, among those
 * with lower < id < f->before (the numbered ticket left out): at most f->limit. A scan
 * of the rows in that range (a customer's own tickets), so the caller bounds it. */
int db_tickets_search_text(struct arena *a, const struct ticket_filter *f,
                           const struct ticket_search *s, long long lower, struct ticket **out,
                           int *n, struct app_err *err);
/* The newest ticket's id (0 when there is none). */
int db_tickets_last_id(long long *id, struct app_err *err);

/* One row of the index: ticket, term (len bytes, at most DB_TICKET_TERM_MAX) and
 * counts. */
struct db_ticket_term {
    long long ticket_id;
    const char *term;
    size_t len;
    unsigned hits, note_hits;
};
/* Add n rows to the index, in the caller's transaction: counts add to a row already
 * there (a message's words to its ticket's). One statement per
 * DB_TICKET_TERMS_PER_STATEMENT rows. */
#define DB_TICKET_TERMS_PER_STATEMENT 32
int db_ticket_terms_add(const struct db_ticket_term *t, int n, struct app_err *err);

/* A ticket whose search_text is still NULL (made before sql/025, or its customer
 * renamed), with what its search text is made of; messages are read by
 * db_tickets_unindexed_messages. */
struct ticket_unindexed {
    long long id;
    const char *subject, *body, *name, *email;
    const char *answer; /* an agent's answer (imported history has it but no message) */
};
/* Up to max such tickets after id `after`, oldest first, locked (inside a
 * transaction) so no message joins them while their text is made. */
int db_tickets_unindexed(struct arena *a, long long after, int max, struct ticket_unindexed **out,
                         int *n, struct app_err *err);
/* The searchable messages (all but the system's) of tickets first..last, in order;
 * for each, fn(ctx, ticket_id, body copied into a, internal). */
int db_tickets_unindexed_messages(struct arena *a, long long first, long long last,
                                  int (*fn)(void *ctx, long long ticket_id, const char *body,
                                            bool internal, struct app_err *err),
                                  void *ctx, struct app_err *err);
/* The index rows of the tickets first..last that have no search text: a message
 * written meanwhile added some, and the backfill writes them whole. */
int db_tickets_unindexed_forget(long long first, long long last, struct app_err *err);
/* Set the search text of n tickets (ids[i] gets texts[i]) in one statement; n is at
 * most DB_TICKETS_SET_SEARCH_MAX. */
#define DB_TICKETS_SET_SEARCH_MAX 500
int db_tickets_set_search(struct arena *a, const long long *ids, const char *const *texts, int n,
                          struct app_err *err);
/* Every ticket loses its search text and index rows (a restore put back tickets the
 * index of this database does not describe): the backfill makes both again. */
int db_tickets_forget_all_search(struct app_err *err);
/* The customer's tickets lose their search text and index rows (their name changed):
 * the backfill makes both again. */
int db_tickets_forget_search(long long customer_id, struct app_err *err);

#endif
