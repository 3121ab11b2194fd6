/* web_form: form bodies parsed once per use into the request arena. */
#include "web/web_form.h"

#include <json.h>
#include <string.h>

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

struct json_object *web_form_json(const struct web_form *f, const char *const *names)
{
    json_object *o = json_object_new_object();
    for (size_t i = 0; o && names[i]; i++) {
        const char *v = web_form_get(f, names[i]);
        if (!v)
            continue;
        json_object *s = json_object_new_string(v);
        if (!s || json_object_object_add(o, names[i], s)) {
            json_object_put(s);
            json_object_put(o);
            return NULL;
        }
    }
    return o;
}

struct json_object *web_form_errors(const struct app_err *err)
{
    json_object *o = json_object_new_object();
    for (int i = 0; o && i < err->nfields; i++) {
        if (json_object_object_get_ex(o, err->fields[i].field, NULL))
            continue; /* the first message per field is the one shown */
        json_object *s = json_object_new_string(err->fields[i].message);
        if (!s || json_object_object_add(o, err->fields[i].field, s)) {
            json_object_put(s);
            json_object_put(o);
            return NULL;
        }
    }
    return o;
}
