/* paging: cursor paging — ?limit=1..100 (default 20) and an opaque, signed ?cursor=
 * that a client can hold but never forge into another position. */
#ifndef DESKPILOT_CORE_PAGING_H
#define DESKPILOT_CORE_PAGING_H

#include "core/arena.h"
#include "core/err.h"
#include "core/kv.h"

#define PAGE_DEFAULT 20
#define PAGE_MAX 100

/* What a cursor's position is: the last id shown (lists in a fixed order), or how
 * many rows of a ranked result came before (a search best match first, whose order
 * no column holds). A cursor of one kind is refused where the other is expected;
 * PAGE_EITHER (a list that pages both ways) takes both and says which it got. */
enum page_kind { PAGE_KEYSET = 1, PAGE_OFFSET = 2, PAGE_EITHER = 3 };

struct page {
    int limit;
    long long after;     /* position from the cursor; 0 = first page */
    enum page_kind kind; /* of the cursor read (PAGE_KEYSET when none) */
};

/* Read limit and cursor from the query pairs. A bad limit or a forged, garbled or
 * foreign cursor is 400 bad_request naming the parameter. */
int page_from_query(const struct kv *query, size_t nquery, struct page *p, struct app_err *err);
/* The same for a list whose cursors are of the given kind. */
int page_from_query_kind(const struct kv *query, size_t nquery, enum page_kind kind, struct page *p,
                         struct app_err *err);
/* The opaque cursor for a position (HMAC-signed with the server key), in the arena. */
char *page_cursor(struct arena *a, long long position);
/* Lists fetch limit + 1 rows: the extra one means a next page. Cut *n to limit
 * and, when rows were dropped, set *next to the cursor after the last row kept,
 * whose position is last_kept (read only then); else *next = NULL. next may be
 * NULL (one page shown, no link to the next). 503 when out of memory. */
int page_cut(struct arena *a, int *n, int limit, long long last_kept, const char **next,
             struct app_err *err);
/* page_cut for a ranked list read from offset: the next cursor is an offset one. */
int page_cut_offset(struct arena *a, int *n, int limit, long long offset, const char **next,
                    struct app_err *err);
/* Decode a (keyset) cursor; 0 or -1. */
int page_cursor_decode(const char *cursor, long long *position);
#endif
