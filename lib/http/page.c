/* page: the list envelope of the API. */
#include "http/page.h"

#include "json/jbuild.h"

int page_respond(struct response *res, struct arena *a, int n,
                 struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                 const void *ctx, const char *next_cursor, struct app_err *err)
{
    return page_respond_total(res, a, n, row, ctx, next_cursor, -1, err);
}

int page_respond_total(struct response *res, struct arena *a, int n,
                       struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                       const void *ctx, const char *next_cursor, long long total,
                       struct app_err *err)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_child(&jb, "items", jb_rows(a, n, row, ctx));
    jb_str(&jb, "next_cursor", next_cursor);
    if (total >= 0)
        jb_int(&jb, "total", total);
    return response_json(res, 200, jb_finish(&jb)) ? err_unavailable(err, "out of memory") : 0;
}
