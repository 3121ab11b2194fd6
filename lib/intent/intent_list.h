/* intent_list: reading the catalogue a page at a time, with the same paging as every list. */
#ifndef DESKPILOT_INTENT_INTENT_LIST_H
#define DESKPILOT_INTENT_INTENT_LIST_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/paging.h"
#include "db/db_intents.h"

/* Intents by id after p->after, at most p->limit, with their examples when
 * with_examples, into *out (arena array); *next gets the signed cursor of the next
 * page or NULL on the last (next may be NULL: one page only). 503 when the database is down or
 * memory ran out. */
int intent_list(struct arena *a, bool with_examples, const struct page *p, struct intent **out,
                int *n, const char **next, struct app_err *err);

/* The paused intents (at most INTENTS_PAUSED_SHOWN, by name): the admin pages
 * show them on top, whichever page of the catalogue is open. */
#define INTENTS_PAUSED_SHOWN 50
int intent_list_paused(struct arena *a, struct intent **out, int *n, struct app_err *err);

#endif
