/* page: the list envelope of the API. */
#include "http/page.h"

#include "json/jbuild.h"

struct json_object *page_json(struct json_object *items, const char *next_cursor)
{
    struct jbuild jb;
    jb_init(&jb);
    jb_child(&jb, "items", items);
    jb_str(&jb, "next_cursor", next_cursor);
    return jb_finish(&jb);
}
