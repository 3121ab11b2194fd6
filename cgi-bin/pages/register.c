/* register: GET/POST /register — a new customer account, signed in at once. */
#include <json.h>
#include <stdlib.h>

#include "auth/auth.h"
#include "pages.h"
#include "web/auth_login.h"
#include "web/web_form.h"
#include "web/web_render.h"
#include "web/web_session.h"

static int render(struct request *req, struct response *res, int status, const char *email,
                  const char *name, const struct app_err *errors, struct app_err *err)
{
    json_object *d = json_object_new_object();
    if (!d || pages_put(d, "email", pages_str(email)) || pages_put(d, "name", pages_str(name)) ||
        pages_put(d, "errors", errors ? web_form_errors(errors) : json_object_new_object())) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    return web_render(req, res, status, "register", "Create your account", "register", d, err);
}

int page_register(struct request *req, struct response *res, struct app_err *err)
{
    if (req->user.id > 0)
        return pages_redirect(req, res, err, "%s", web_home(req->user.role));
    return render(req, res, 200, "", "", NULL, err);
}

int page_register_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    static const char *const names[] = {"email", "password", "name", NULL};
    json_object *in = web_form_json(&f, names);
    if (!in)
        return err_unavailable(err, "out of memory");
    struct field_value v[AUTH_REG_NFIELDS];
    struct user u;
    struct app_err bad;
    err_clear(&bad);
    int rc = validate_json(in, auth_register_fields, AUTH_REG_NFIELDS, v, &bad) ||
             auth_register_customer(req->arena, v, &u, &bad);
    json_object_put(in);
    if (rc && pages_form_error(&bad))
        return render(req, res, bad.code == ERR_CONFLICT ? 409 : 422, web_form_get(&f, "email"),
                      web_form_get(&f, "name"), &bad, err);
    if (rc) {
        *err = bad;
        return -1;
    }
    char *token = auth_issue_token(u.id, u.role);
    if (!token)
        return err_internal(err, "token issue failed");
    rc = web_session_set(req, res, token);
    free(token);
    if (rc)
        return err_unavailable(err, "out of memory");
    return pages_redirect(req, res, err, "/support/?done=welcome");
}
