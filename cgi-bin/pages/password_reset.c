/* password_reset: GET/POST /forgot (ask for a link) and GET/POST /reset (the mail's
 * link: a new password). The token comes in the link's query and goes back in the
 * form's body; nginx logs /reset without its query (nginx/deskpilot.conf.in). */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "user/password_reset.h"

/* The answer to every request that passed the limits, known address or not. */
#define RESET_SENT                                                                                 \
    "If an account has this address, we have sent it a link to set a new password. "               \
    "It works once, for a limited time. Check your spam folder if it does not arrive."

static int show_forgot(struct request *req, struct response *res, int status,
                       const struct web_form *form, const char *sent, const struct app_err *errors,
                       struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    pages_form_str(&d, form, "email");
    if (sent)
        jb_str(&d, "sent", sent);
    return pages_show(req, res, status, "forgot", "Forgot your password?", "login", &d, errors,
                      err);
}

int page_forgot(struct request *req, struct response *res, struct app_err *err)
{
    return show_forgot(req, res, 200, NULL, NULL, NULL, err);
}

int page_forgot_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[RESET_REQ_NFIELDS];
    struct app_err bad;
    if (pages_form_fields(req, &f, password_reset_request_fields, RESET_REQ_NFIELDS, v, &bad) ||
        password_reset_request(req->arena, v[RESET_REQ_EMAIL].s, v[RESET_REQ_EMAIL].len,
                               req->remote_addr, &bad)) {
        if (bad.code == ERR_RATE_LIMITED) {
            int minutes = (bad.retry_after + 59) / 60;
            char msg[160];
            snprintf(msg, sizeof msg,
                     "Too many requests for a new password. Please wait %d minute%s and try "
                     "again.",
                     minutes, minutes == 1 ? "" : "s");
            char *ra = arena_printf(req->arena, "%d", bad.retry_after);
            struct app_err shown;
            err_set(&shown, ERR_RATE_LIMITED, "%s", msg);
            if (!ra || show_forgot(req, res, 429, &f, NULL, &shown, err))
                return err_is_set(err) ? -1 : err_unavailable(err, "out of memory");
            return response_header(res, "Retry-After", ra) ? err_internal(err, "headers full") : 0;
        }
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? show_forgot(req, res, err_status(bad.code), &f, NULL, &bad, err)
                   : -1;
    }
    return show_forgot(req, res, 200, NULL, RESET_SENT, NULL, err);
}

/* The new-password form; token NULL shows only the way back to /forgot. */
static int show_reset(struct request *req, struct response *res, int status, const char *token,
                      const struct app_err *errors, struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    if (token)
        jb_str(&d, "token", token);
    int rc =
        pages_show(req, res, status, "reset", "Choose a new password", "login", &d, errors, err);
    /* The page's address holds the token: no other site may see it as a referrer. */
    if (rc == 0 && response_header(res, "Referrer-Policy", "no-referrer"))
        return err_internal(err, "headers full");
    return rc;
}

int page_reset(struct request *req, struct response *res, struct app_err *err)
{
    const char *token = request_query(req, "token");
    bool live = false;
    struct app_err bad;
    err_clear(&bad);
    if (token && password_reset_live(token, &live, &bad))
        return pages_form_failed(&bad, ERR_NONE, err) ? show_reset(req, res, 422, NULL, &bad, err)
                                                      : -1;
    if (!token || !live) {
        err_field(&bad, "token",
                  "is not valid: it was used, it expired or it was never ours; "
                  "ask for a new link");
        return show_reset(req, res, token ? 422 : 200, NULL, token ? &bad : NULL, err);
    }
    return show_reset(req, res, 200, token, NULL, err);
}

int page_reset_submit(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[RESET_CONFIRM_NFIELDS];
    struct app_err bad;
    long long user_id = 0;
    if (pages_form_fields(req, &f, password_reset_confirm_fields, RESET_CONFIRM_NFIELDS, v, &bad) ||
        password_reset_confirm(req->arena, v, &user_id, &bad)) {
        if (!pages_form_failed(&bad, ERR_NONE, err))
            return -1;
        /* A dead token: only the way to a new link; a bad password: the form again. */
        bool token_bad = false;
        for (int i = 0; i < bad.nfields; i++)
            token_bad |= strcmp(bad.fields[i].field, "token") == 0;
        return show_reset(req, res, err_status(bad.code),
                          token_bad ? NULL : web_form_get(&f, "token"), &bad, err);
    }
    return pages_redirect(req, res, err, "/login?done=password_reset");
}
