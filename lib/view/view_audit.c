/* view_audit: JSON for audit entries. */
#include "view/view_audit.h"

#include "json/jbuild.h"

struct json_object *view_audit(struct arena *a, const struct audit_entry *e)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", e->id);
    jb_id(&jb, "actor_id", e->actor_id);
    jb_str(&jb, "action", e->action);
    jb_str(&jb, "target", e->target ? e->target : "");
    if (e->detail)
        jb_str(&jb, "detail", e->detail);
    jb_str(&jb, "created_at", e->created_at);
    return jb_finish(&jb);
}
