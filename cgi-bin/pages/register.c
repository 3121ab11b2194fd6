/* register: GET/POST /register — a new customer account, signed in at once. */
#include "pages.h"
#include "user/account.h"
#include "web/web_session.h"

static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors, struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    pages_form_str(&d, form, "email");
    pages_form_str(&d, form, "name");
    return pages_show(req, res, status, "register", "Create your account", "register", &d, errors,
                      err);
}

int page_register(struct request *req, struct response *res, struct app_err *err)
{
    if (req->user.id > 0)
        return pages_redirect(req, res, err, "%s", web_home(req->user.role));
    return render(req, res, 200, NULL, NULL, err);
}

int page_register_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[USER_REG_NFIELDS];
    struct user u;
    struct app_err bad;
    if (pages_form_fields(req, &f, user_register_fields, USER_REG_NFIELDS, v, &bad) ||
        user_register(req->arena, v, req->remote_addr, &u, &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &f, &bad, err)
                   : -1;
    return pages_sign_in(req, res, &u, "/support/?done=welcome", err);
}
