/* view_macro: JSON for macros. */
#include "view/view_macro.h"

#include "json/jbuild.h"

struct json_object *view_macro(struct arena *a, const struct macro *m, const char *rendered,
                               long long ticket_id)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", m->id);
    jb_str(&jb, "title", m->title);
    jb_str(&jb, "body", rendered ? rendered : m->body);
    if (ticket_id > 0)
        jb_int(&jb, "ticket_id", ticket_id);
    jb_str(&jb, "created_at", m->created_at);
    jb_str(&jb, "updated_at", m->updated_at);
    return jb_finish(&jb);
}
