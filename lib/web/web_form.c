/* web_form: form bodies parsed once per use into the request arena. */
#include "web/web_form.h"

#include <json.h>
#include <string.h>

#include "json/jbuild.h"

int web_form_parse(struct request *req, struct web_form *f, struct app_err *err)
{
    f->n = 0;
    if (!req->body || req->body_len == 0)
        return 0;
    if (strlen(req->body) != req->body_len)
        return err_set(err, ERR_BAD_REQUEST, "the form holds a NUL byte");
    return request_parse_form(req->arena, req->body, f->kv, WEB_FORM_MAX, &f->n, err);
}

const char *web_form_get(const struct web_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].key, name) == 0)
            return f->kv[i].val;
    return NULL;
}

struct json_object *web_form_json(struct arena *a, const struct web_form *f,
                                  const char *const *names)
{
    struct jbuild jb;
    jb_object(&jb, a);
    for (size_t i = 0; names[i]; i++) {
        const char *v = web_form_get(f, names[i]);
        if (v)
            jb_str(&jb, names[i], v);
    }
    return jb_finish(&jb);
}

struct json_object *web_form_errors(struct arena *a, const struct app_err *err)
{
    struct jbuild jb;
    jb_object(&jb, a);
    for (int i = 0; !jb.failed && i < err->nfields; i++)
        if (!json_object_object_get_ex(jb.o, err->fields[i].field, NULL))
            jb_str(&jb, err->fields[i].field, err->fields[i].message); /* the first one shows */
    return jb_finish(&jb);
}
