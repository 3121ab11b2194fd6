/* page: cursor paging — ?limit=1..100 (default 20) and an opaque, signed ?cursor=. */
#ifndef DESKPILOT_HTTP_PAGE_H
#define DESKPILOT_HTTP_PAGE_H

#include "core/err.h"
#include "http/request.h"

struct json_object;

#define PAGE_DEFAULT 20
#define PAGE_MAX 100

struct page {
    int limit;
    long long after; /* position from the cursor; 0 = first page */
};

/* Read limit and cursor from the query. A bad limit or a forged, garbled or
 * foreign cursor is 400 bad_request naming the parameter. */
int page_from_query(const struct request *req, struct page *p, struct app_err *err);
/* The opaque cursor for a position (HMAC-signed with the server key), in the arena. */
char *page_cursor(struct arena *a, long long position);
/* Lists fetch limit + 1 rows: the extra one means a next page. Cut *n to limit
 * and, when rows were dropped, set *next to the cursor after the last row kept,
 * whose position is last_kept (read only then); else *next = NULL. 503 when
 * out of memory. */
int page_cut(struct arena *a, int *n, int limit, long long last_kept, const char **next,
             struct app_err *err);
/* Decode a cursor; 0 or -1. */
int page_cursor_decode(const char *cursor, long long *position);
/* {"items": items, "next_cursor": next or null} (takes ownership of items). */
struct json_object *page_json(struct json_object *items, const char *next_cursor);

#endif
