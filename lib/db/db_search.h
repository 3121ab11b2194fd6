/* db_search: a ticket search's words for the FULLTEXT index, and the short ones for a
 * pattern the index cannot serve. */
#ifndef DESKPILOT_DB_DB_SEARCH_H
#define DESKPILOT_DB_DB_SEARCH_H

#include "core/arena.h"
#include "core/err.h"

/* At most this many short words are matched: each is a pattern read over every
 * candidate row. */
#define DB_SEARCH_MAX_SHORT 3

/* Split q into its words: those of at least min_chars characters joined for
 * MATCH … AGAINST (*fulltext, NULL when none), and the first DB_SEARCH_MAX_SHORT
 * distinct shorter ones as case-insensitive REGEXPs that find each as a whole word
 * (patterns[0..*npatterns), the rest NULL). 0, or -1 when out of memory. */
int db_search_split(struct arena *a, const char *q, int min_chars, const char **fulltext,
                    const char **patterns, int *npatterns);

/* The shortest word the FULLTEXT index holds: DESKPILOT_SEARCH_MIN_WORD when set,
 * else the server's innodb_ft_min_token_size (asked once). -1 with err on failure. */
int db_search_min_chars(struct app_err *err);

#endif
