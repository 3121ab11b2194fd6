/* login: GET/POST /login — the sign-in form; the session cookie on success. */
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "pages.h"
#include "web/auth_login.h"
#include "web/web_form.h"
#include "web/web_render.h"
#include "web/web_session.h"

enum { F_EMAIL, F_PASSWORD, NFIELDS };
static const struct field_spec fields[NFIELDS] = {
    [F_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 254, 0, 0, NULL},
    [F_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 1, 1024, 0, 0, NULL},
};

/* The form again, with the e-mail kept (never the password). errors may be NULL. */
static int render(struct request *req, struct response *res, int status, const char *email,
                  const char *message, const struct app_err *errors, struct app_err *err)
{
    json_object *d = json_object_new_object();
    if (!d || pages_put(d, "email", pages_str(email)) ||
        (message && pages_put(d, "error", json_object_new_string(message))) ||
        pages_put(d, "errors", errors ? web_form_errors(errors) : json_object_new_object())) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    const char *notice = pages_notice(req);
    if (notice && pages_put(d, "notice", json_object_new_string(notice))) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    return web_render(req, res, status, "login", "Sign in", "login", d, err);
}

int page_login(struct request *req, struct response *res, struct app_err *err)
{
    if (req->user.id > 0)
        return pages_redirect(req, res, err, "%s", web_home(req->user.role));
    return render(req, res, 200, "", NULL, NULL, err);
}

int page_login_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    static const char *const names[] = {"email", "password", NULL};
    json_object *in = web_form_json(&f, names);
    if (!in)
        return err_unavailable(err, "out of memory");
    struct field_value v[NFIELDS];
    struct app_err bad;
    err_clear(&bad);
    int rc = validate_json(in, fields, NFIELDS, v, &bad);
    const char *email = web_form_get(&f, "email");
    if (rc) {
        json_object_put(in);
        return render(req, res, 422, email, "Enter your e-mail and password.", &bad, err);
    }
    struct user u;
    rc = auth_login_check(req->arena, v[F_EMAIL].s, v[F_EMAIL].len, v[F_PASSWORD].s,
                          v[F_PASSWORD].len, req->remote_addr, &u, &bad);
    json_object_put(in); /* v[] borrowed from it until here */
    if (rc && bad.code == ERR_UNAUTHORIZED)
        return render(req, res, 401, email, "That e-mail and password don't match an account.",
                      NULL, err);
    if (rc && bad.code == ERR_RATE_LIMITED) {
        int minutes = (bad.retry_after + 59) / 60;
        char msg[160];
        snprintf(msg, sizeof msg,
                 "Too many failed sign-ins. For your security, please wait %d minute%s and "
                 "try again.",
                 minutes, minutes == 1 ? "" : "s");
        char *ra = arena_printf(req->arena, "%d", bad.retry_after);
        if (!ra || render(req, res, 429, email, msg, NULL, err))
            return err_is_set(err) ? -1 : err_unavailable(err, "out of memory");
        return response_header(res, "Retry-After", ra) ? err_internal(err, "headers full") : 0;
    }
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
    return pages_redirect(req, res, err, "%s", web_home(u.role));
}
