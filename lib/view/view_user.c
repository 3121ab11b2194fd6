/* view_user: JSON for users. */
#include "view/view_user.h"

#include "json/jbuild.h"

struct json_object *view_user(struct arena *a, const struct user *u)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", u->id);
    jb_str(&jb, "email", u->email ? u->email : "");
    jb_str(&jb, "name", u->name ? u->name : "");
    jb_str(&jb, "role", role_name(u->role));
    jb_bool(&jb, "disabled", u->disabled);
    jb_str(&jb, "created_at", u->created_at);
    return jb_finish(&jb);
}

struct json_object *view_user_wrapped(struct arena *a, const struct user *u)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_child(&jb, "user", view_user(a, u));
    return jb_finish(&jb);
}
