/* login: GET/POST /login — the sign-in form; the session cookie on success. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "auth/device.h"
#include "pages.h"
#include "user/account.h"
#include "web/web_render.h"
#include "web/web_resume.h"
#include "web/web_session.h"

/* The form again, with the e-mail kept (never the password). errors may be NULL. */
static int render(struct request *req, struct response *res, int status, const char *email,
                  const char *next, const char *message, const struct app_err *errors,
                  struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    web_sign_in_fields(&d, email, next); /* the page to return to rides in the form */
    if (message)
        jb_str(&d, "error", message);
    return pages_show(req, res, status, "login", "Sign in", "login", &d, errors, err);
}

int page_login(struct request *req, struct response *res, struct app_err *err)
{
    if (req->user.id > 0)
        return pages_redirect(req, res, err, "%s", web_home(req->user.role));
    return render(req, res, 200, "", request_query(req, "next"), NULL, NULL, err);
}

int page_login_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[USER_SIGNIN_NFIELDS];
    struct app_err bad;
    if (pages_form_fields(req, &f, user_sign_in_fields, USER_SIGNIN_NFIELDS, v, &bad)) {
        if (!pages_form_failed(&bad, ERR_NONE, err))
            return -1;
        return render(req, res, 422, web_form_get(&f, "email"), web_form_get(&f, "next"),
                      "Enter your e-mail and password.", &bad, err);
    }
    const char *email = web_form_get(&f, "email");
    struct user u;
    const char *device = auth_device_nonce(req, v[USER_SIGNIN_EMAIL].s, v[USER_SIGNIN_EMAIL].len);
    int rc = user_sign_in(req->arena, v[USER_SIGNIN_EMAIL].s, v[USER_SIGNIN_EMAIL].len,
                          v[USER_SIGNIN_PASSWORD].s, v[USER_SIGNIN_PASSWORD].len, req->remote_addr,
                          device, &u, &bad);
    if (rc && bad.code == ERR_UNAUTHORIZED)
        return render(req, res, 401, email, web_form_get(&f, "next"),
                      "That e-mail and password don't match an account.", NULL, err);
    if (rc && bad.code == ERR_RATE_LIMITED) {
        int wait = bad.retry_after < 60 ? bad.retry_after : (bad.retry_after + 59) / 60;
        const char *unit = bad.retry_after < 60 ? "second" : "minute";
        char msg[160];
        snprintf(msg, sizeof msg,
                 "Too many failed sign-ins. For your security, please wait %d %s%s and "
                 "try again.",
                 wait, unit, wait == 1 ? "" : "s");
        char *ra = arena_printf(req->arena, "%d", bad.retry_after);
        if (!ra || render(req, res, 429, email, web_form_get(&f, "next"), msg, NULL, err))
            return err_is_set(err) ? -1 : err_unavailable(err, "out of memory");
        return response_header(res, "Retry-After", ra) ? err_internal(err, "headers full") : 0;
    }
    if (rc) {
        *err = bad;
        return -1;
    }
    if (auth_device_set(req, res, u.email))
        return err_unavailable(err, "device cookie failed");
    const char *next = web_after_sign_in(web_form_get(&f, "next"), u.role);
    json_object *resume = web_resume_take(req->arena, &f, u.role);
    if (!resume)
        return pages_sign_in(req, res, &u, next, err);
    /* A form that met the end of the last session: shown to send, with a fresh token. */
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "resume", resume);
    jb_str(&d, "next", next);
    return pages_session_start(req, res, &u, err)
               ? -1
               : pages_show(req, res, 200, "resume", "Send what you wrote", NULL, &d, NULL, err);
}
