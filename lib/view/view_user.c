/* view_user: JSON for users. */
#include "view/view_user.h"

#include <json.h>

struct json_object *view_user(const struct user *u)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    json_object_object_add(o, "id", json_object_new_int64(u->id));
    json_object_object_add(o, "email", json_object_new_string(u->email ? u->email : ""));
    json_object_object_add(o, "name", json_object_new_string(u->name ? u->name : ""));
    json_object_object_add(o, "role", json_object_new_string(role_name(u->role)));
    json_object_object_add(o, "disabled", json_object_new_boolean(u->disabled));
    json_object_object_add(o, "created_at",
                           u->created_at ? json_object_new_string(u->created_at) : NULL);
    return o;
}

struct json_object *view_user_wrapped(const struct user *u)
{
    json_object *w = json_object_new_object();
    json_object *o = view_user(u);
    if (!w || !o) {
        json_object_put(w);
        json_object_put(o);
        return NULL;
    }
    json_object_object_add(w, "user", o);
    return w;
}
