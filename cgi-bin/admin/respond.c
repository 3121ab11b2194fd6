/* respond: the JSON answers every admin handler writes — one object, or one page. */
#include <json.h>

#include "admin.h"
#include "http/page.h"

int api_respond(struct response *res, int status, struct json_object *o, struct app_err *err)
{
    if (!o)
        return err_unavailable(err, "out of memory");
    return response_json(res, status, o) ? err_unavailable(err, "out of memory") : 0;
}

int api_respond_page(struct response *res, const void *rows, size_t size, int n,
                     struct json_object *(*view)(const void *row), const char *next,
                     struct app_err *err)
{
    json_object *items = json_object_new_array();
    for (int i = 0; items && i < n; i++) {
        json_object *o = view((const char *)rows + (size_t)i * size);
        if (!o || json_object_array_add(items, o)) {
            json_object_put(o);
            json_object_put(items);
            items = NULL;
        }
    }
    if (!items)
        return err_unavailable(err, "out of memory");
    return api_respond(res, 200, page_json(items, next), err);
}
