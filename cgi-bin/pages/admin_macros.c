/* admin_macros: GET /admin/macros — the canned replies agents pick on a ticket, each
 * editable, and a form for a new one; POST /admin/macros (create), /admin/macros/{id}
 * (save) and /admin/macros/{id}/delete — macros_create/update/delete, as the admin API. */
#include <json.h>
#include <string.h>

#include "pages.h"
#include "ticket/macros.h"

/* What a failed form said, to show it again where it was typed. */
struct typed {
    long long id; /* the macro edited; 0: the new-macro form */
    const struct web_form *f;
};

struct macro_rows {
    const struct macro *m;
    const struct typed *typed;
};

static json_object *macro_row(struct arena *a, int i, const void *ctx)
{
    const struct macro_rows *r = ctx;
    const struct macro *m = &r->m[i];
    bool failed = r->typed && r->typed->f && r->typed->id == m->id;
    const char *title = failed ? web_form_get(r->typed->f, "title") : NULL;
    const char *body = failed ? web_form_get(r->typed->f, "body") : NULL;
    char updated[40];
    web_time_display(m->updated_at, updated, sizeof updated);
    struct jbuild o;
    jb_object(&o, a);
    jb_int(&o, "id", m->id);
    jb_str(&o, "name", m->title); /* as stored, for the heading */
    jb_str(&o, "title", title ? title : m->title);
    jb_str(&o, "body", body ? body : m->body);
    jb_str(&o, "updated_display", updated);
    jb_bool(&o, "failed", failed);
    return jb_finish(&o);
}

static int render(struct request *req, struct response *res, int status, const struct typed *t,
                  const struct app_err *errors, struct app_err *err)
{
    struct macro *m = NULL;
    int n = 0;
    if (macros_list(req->arena, &m, &n, err))
        return -1;
    struct macro_rows rows = {m, t};
    bool create_failed = t && t->f && t->id == 0;
    struct jbuild d, form;
    jb_object(&d, req->arena);
    jb_child(&d, "macros", jb_rows(req->arena, n, macro_row, &rows));
    jb_bool(&d, "has_macros", n > 0);
    jb_int(&d, "count", n);
    jb_int(&d, "max", MACROS_MAX);
    jb_bool(&d, "create_failed", create_failed);
    jb_object(&form, req->arena);
    pages_form_str(&form, create_failed ? t->f : NULL, "title");
    pages_form_str(&form, create_failed ? t->f : NULL, "body");
    jb_child(&d, "form", jb_finish(&form));
    return pages_show_admin(req, res, status, "admin_macros", "Macros", "macros", &d, errors, err);
}

int page_admin_macros(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

/* Create (id 0) or save macro id from the posted title and body. */
static int save(struct request *req, struct response *res, long long id, struct app_err *err)
{
    static const char *const names[] = {"title", "body", NULL};
    struct web_form f;
    struct app_err bad;
    struct macro m;
    err_clear(&bad);
    if (web_form_parse(req, &f, err))
        return -1;
    json_object *body = web_form_json(req->arena, &f, names);
    if (!body)
        return err_unavailable(err, "out of memory");
    int rc = id ? macros_update(req->arena, req->user.id, id, body, &m, &bad)
                : macros_create(req->arena, req->user.id, body, &m, &bad);
    if (rc) {
        struct typed t = {id, &f};
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &t, &bad, err)
                   : -1;
    }
    return pages_redirect(req, res, err, "/admin/macros?done=%s#macro-%lld",
                          id ? "macro_saved" : "macro_created", m.id);
}

int page_admin_macro_create(struct request *req, struct response *res, struct app_err *err)
{
    return save(req, res, 0, err);
}

int page_admin_macro_save(struct request *req, struct response *res, struct app_err *err)
{
    long long id = pages_path_id(req);
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such macro");
    return save(req, res, id, err);
}

int page_admin_macro_delete(struct request *req, struct response *res, struct app_err *err)
{
    if (macros_delete(req->arena, req->user.id, pages_path_id(req), err))
        return -1;
    return pages_redirect(req, res, err, "/admin/macros?done=macro_deleted");
}
