/* page: a page of a list as the API answers it, the one list responder. */
#ifndef DESKPILOT_HTTP_PAGE_H
#define DESKPILOT_HTTP_PAGE_H

#include "core/arena.h"
#include "core/err.h"
#include "core/paging.h"
#include "http/response.h"

struct json_object;

/* Answer 200 with {"items": jb_rows(a, n, row, ctx), "next_cursor": next_cursor
 * or null} (jb_rows: json/jbuild.h). Every list of the API goes through here.
 * 503 when out of memory. */
int page_respond(struct response *res, struct arena *a, int n,
                 struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                 const void *ctx, const char *next_cursor, struct app_err *err);

/* The same with "total": how many items all the pages hold (total < 0: left out). */
int page_respond_total(struct response *res, struct arena *a, int n,
                       struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                       const void *ctx, const char *next_cursor, long long total,
                       struct app_err *err);

#endif
