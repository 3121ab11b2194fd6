/* web_form: form bodies parsed once per use into the request arena. */
#include "web/web_form.h"

#include <json.h>
#include <string.h>
#include <strings.h>

#include "http/router.h"
#include "json/jbuild.h"

/* A multipart form: text parts become fields, chosen files files. */
static int parse_multipart(struct request *req, struct web_form *f, struct app_err *err)
{
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    size_t n = 0;
    if (multipart_request(req, parts, MULTIPART_MAX_PARTS, &n, err))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct multipart_part *p = &parts[i];
        if (p->filename) {
            if (!*p->filename && p->len == 0)
                continue; /* a file input left empty */
            if (f->nfiles >= WEB_FORM_FILES)
                return err_set(err, ERR_BAD_REQUEST, "too many files (at most %d)", WEB_FORM_FILES);
            f->files[f->nfiles++] = *p;
            continue;
        }
        if (f->n >= WEB_FORM_MAX)
            return err_set(err, ERR_BAD_REQUEST, "too many parameters (at most %d)", WEB_FORM_MAX);
        if (memchr(p->data, '\0', p->len))
            return err_set(err, ERR_BAD_REQUEST, "the form holds a NUL byte");
        char *v = arena_strndup(req->arena, p->data, p->len);
        if (!v)
            return err_unavailable(err, "out of memory");
        f->kv[f->n].key = p->name;
        f->kv[f->n].val = v;
        f->n++;
    }
    return 0;
}

int web_form_parse(struct request *req, struct web_form *f, struct app_err *err)
{
    f->n = 0;
    f->nfiles = 0;
    if (!req->body || req->body_len == 0)
        return 0;
    /* Only upload routes take multipart bodies (the dispatcher let nothing else in). */
    if (req->route && (req->route->flags & RF_UPLOAD) && req->content_type &&
        strncasecmp(req->content_type, "multipart/", 10) == 0)
        return parse_multipart(req, f, err);
    if (strlen(req->body) != req->body_len)
        return err_set(err, ERR_BAD_REQUEST, "the form holds a NUL byte");
    return request_parse_form(req->arena, req->body, f->kv, WEB_FORM_MAX, &f->n, err);
}

int web_form_files(struct arena *a, const struct web_form *f, const char *name,
                   struct attach_set *set, struct app_err *err)
{
    struct attach_file *files = arena_calloc(a, f->nfiles ? f->nfiles : 1, sizeof *files);
    if (!files)
        return err_unavailable(err, "out of memory");
    int n = 0;
    for (size_t i = 0; i < f->nfiles; i++)
        if (strcmp(f->files[i].name, name) == 0)
            files[n++] =
                (struct attach_file){name, f->files[i].filename, f->files[i].content_type,
                                     (const unsigned char *)f->files[i].data, f->files[i].len};
    *set = (struct attach_set){files, NULL, n};
    return 0;
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
