/* web_resume: the carried fields are plain hidden inputs of the sign-in form — nothing is
 * stored on the server, and nothing outlives the two pages. */
#include "web/web_resume.h"

#include <string.h>

#include "web/web_csrf.h"
#include "web/web_session.h"
#include "json/jbuild.h"

const char *web_resume_return(struct arena *a, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash || slash == path)
        return NULL;
    return arena_strndup(a, path, (size_t)(slash - path));
}

struct json_object *web_resume_carry(struct arena *a, const char *path, const struct web_form *f)
{
    struct jbuild o, fields;
    jb_object(&o, a);
    jb_array(&fields, a);
    int carried = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->kv[i].key, WEB_CSRF_FIELD) == 0)
            continue;
        if (++carried > WEB_RESUME_MAX)
            return NULL;
        struct jbuild one;
        jb_object(&one, a);
        jb_text(&one, "name", arena_printf(a, WEB_RESUME_PREFIX "%s", f->kv[i].key));
        jb_str(&one, "value", f->kv[i].val);
        jb_push_child(&fields, jb_finish(&one));
    }
    if (!carried)
        return NULL;
    jb_str(&o, "action", path);
    jb_child(&o, "fields", jb_finish(&fields));
    return jb_finish(&o);
}

struct json_object *web_resume_take(struct arena *a, const struct web_form *login, enum role role)
{
    const char *action = web_form_get(login, WEB_RESUME_ACTION);
    /* The same rule as the page to return to: a path of the role's own pages. */
    if (!action || strcmp(web_after_sign_in(action, role), action) != 0)
        return NULL;
    struct jbuild o, fields;
    jb_object(&o, a);
    jb_array(&fields, a);
    const size_t plen = strlen(WEB_RESUME_PREFIX);
    int carried = 0;
    for (size_t i = 0; i < login->n; i++) {
        const char *name = login->kv[i].key;
        if (strncmp(name, WEB_RESUME_PREFIX, plen) != 0 || !name[plen])
            continue;
        if (++carried > WEB_RESUME_MAX)
            return NULL;
        if (strcmp(name + plen, "body") == 0) {
            jb_str(&o, "text", login->kv[i].val);
            continue;
        }
        struct jbuild one;
        jb_object(&one, a);
        jb_str(&one, "name", name + plen);
        jb_str(&one, "value", login->kv[i].val);
        jb_push_child(&fields, jb_finish(&one));
    }
    if (!carried)
        return NULL;
    jb_str(&o, "action", action);
    jb_child(&o, "fields", jb_finish(&fields));
    return jb_finish(&o);
}
