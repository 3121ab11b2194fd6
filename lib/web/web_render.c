/* web_render: layout wrapping, the HTML error page, the worker's template set. */
#include "web/web_render.h"

#include "web/web_html.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/config.h"
#include "core/log.h"
#include "html/tpl.h"
#include "ticket/ticket_notify.h"
#include "web/web_resume.h"
#include "web/web_session.h"
#include "json/jbuild.h"

/* Process-lifetime and read-only after web_render_init: shared by every request. */
static struct tpl_set *templates;

int web_render_init(void)
{
    char msg[256];
    struct tpl_set *set = NULL;
    int rc = tpl_set_load(g_config.templates_dir, &set, msg, sizeof msg);
    if (rc) {
        log_error("templates in %s: %s", g_config.templates_dir, msg);
        return -1;
    }
    static const char *const required[] = {"layout", "error", NULL};
    for (size_t i = 0; required[i]; i++)
        if (!tpl_set_get(set, required[i])) {
            log_error("templates in %s: no %s.mustache", g_config.templates_dir, required[i]);
            tpl_set_free(set);
            return -1;
        }
    templates = set;
    return 0;
}

static const char *role_label(enum role r)
{
    switch (r) {
    case ROLE_CUSTOMER:
        return "Customer";
    case ROLE_AGENT:
        return "Agent";
    case ROLE_ADMIN:
        return "Admin";
    case ROLE_NONE:
        break;
    }
    return "";
}

static json_object *user_json(struct arena *a, const struct principal *p)
{
    struct jbuild u;
    jb_object(&u, a);
    jb_int(&u, "id", p->id);
    jb_str(&u, "name", p->name ? p->name : "");
    jb_str(&u, "email", p->email ? p->email : "");
    jb_str(&u, "role", role_name(p->role));
    jb_str(&u, "role_label", role_label(p->role));
    jb_str(&u, "home", web_home(p->role));
    jb_bool(&u, "is_customer", p->role == ROLE_CUSTOMER);
    jb_bool(&u, "is_staff", p->role == ROLE_AGENT || p->role == ROLE_ADMIN);
    jb_bool(&u, "is_admin", p->role == ROLE_ADMIN);
    /* The header's unread count: one bounded, indexed count per page. A page still
     * renders without it (the error page while the database is down). */
    long long unread = 0;
    struct app_err ignored;
    err_clear(&ignored);
    if (ticket_notify_unread(p, &unread, &ignored) == 0 && unread > 0) {
        jb_int(&u, "unread", unread);
        jb_str(&u, "unread_label",
               unread >= NOTIFICATIONS_UNREAD_MAX ? "99+" : arena_printf(a, "%lld", unread));
    }
    return jb_finish(&u);
}

int web_render(struct request *req, struct response *res, int status, const char *name,
               const char *title, const char *nav, struct json_object *data, struct app_err *err)
{
    struct jbuild d;
    if (data)
        jb_extend(&d, req->arena, data);
    else
        jb_object(&d, req->arena);
    if (d.failed || !json_object_is_type(d.o, json_type_object))
        return err_unavailable(err, "out of memory");
    if (!templates)
        return err_internal(err, "templates not loaded");
    const char *csrf = web_session_csrf(req, res);
    struct jbuild navo;
    jb_object(&navo, req->arena);
    if (nav)
        jb_bool(&navo, nav, true);
    jb_child(&d, "nav", jb_finish(&navo));
    jb_str(&d, "page_title", title ? title : "Deskpilot");
    jb_text(&d, "csrf", csrf);
    if (req->user.id > 0)
        jb_child(&d, "user", user_json(req->arena, &req->user));
    if (!jb_finish(&d))
        return err_unavailable(err, "out of memory building %s", name);
    struct buf page;
    buf_init(&page);
    int rc = tpl_set_render(templates, name, d.o, &page);
    if (rc == 0) {
        jb_strn(&d, "content", buf_str(&page), page.len);
        rc = jb_finish(&d) ? 0 : TPL_ENOMEM;
    }
    buf_cleanup(&page);
    if (rc == 0) {
        buf_reset(&res->body);
        rc = tpl_set_render(templates, "layout", d.o, &res->body);
    }
    if (rc == TPL_ENOMEM || res->body.failed)
        return err_unavailable(err, "out of memory rendering %s", name);
    if (rc)
        return err_internal(err, "template %s: error %d", name, rc);
    res->status = status;
    res->content_type = "text/html";
    if (response_header(res, "Cache-Control", "no-store"))
        return err_internal(err, "response header table full");
    return 0;
}

/* Headings people understand; the detail line says what exactly happened. */
static const char *heading(int status)
{
    switch (status) {
    case 400:
        return "That request did not make sense to us";
    case 403:
        return "You can't do that here";
    case 404:
        return "We couldn't find that page";
    case 405:
        return "That action isn't available here";
    case 409:
        return "That has already happened";
    case 413:
        return "That was too much to send at once";
    case 415:
        return "That form could not be read";
    case 422:
        return "Some details need fixing";
    case 429:
        return "Please slow down";
    case 503:
        return "We'll be right back";
    }
    return "Something went wrong on our side";
}

static void fallback(struct response *res, int status)
{
    static const char page[] =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Deskpilot</title></head><body><main><h1>Something went wrong</h1>"
        "<p>Please try again in a moment.</p><p><a href=\"/\">Home</a></p></main></body></html>";
    response_reset(res);
    response_text(res, status, "text/html", page, sizeof page - 1);
    response_header(res, "Cache-Control", "no-store");
}

void web_sign_in_fields(struct jbuild *d, const char *email, const char *next)
{
    jb_str(d, "email", email ? email : "");
    jb_str(d, "next", next && next[0] == '/' && strlen(next) <= 512 ? next : "");
}

/* A form sent after its session ended: the sign-in page, carrying the form (web_resume).
 * -1 when there is no such form (then the usual redirect). */
static int sign_in_to_resume(struct request *req, struct response *res)
{
    struct web_form f;
    struct app_err e;
    err_clear(&e);
    if (!req->method || strcmp(req->method, "POST") != 0 || web_form_parse(req, &f, &e))
        return -1;
    json_object *carry = web_resume_carry(req->arena, req->path, &f);
    if (!carry)
        return -1;
    struct jbuild d, none;
    jb_object(&d, req->arena);
    jb_object(&none, req->arena);
    web_sign_in_fields(&d, "", web_resume_return(req->arena, req->path));
    jb_child(&d, "resume", carry);
    jb_child(&d, "errors", jb_finish(&none));
    json_object *o = jb_finish(&d);
    return o ? web_render(req, res, 401, "login", "Sign in", "login", o, &e) : -1;
}

void web_page_error(struct request *req, struct response *res, const struct app_err *err)
{
    int status = err_status(err->code);
    if (status == 401) {
        /* A cookie that no longer signs in is dropped, so the login page starts clean. */
        if (request_cookie(req, AUTH_COOKIE))
            (void)web_session_clear(req, res); /* best effort: the redirect matters */
        if (sign_in_to_resume(req, res) == 0)
            return;
        /* Back to the page that asked, once signed in (a GET: a form's POST is not
         * something to repeat). */
        const char *to = "/login";
        if (req->method && strcmp(req->method, "GET") == 0 && req->path) {
            const char *back = req->query_string && *req->query_string
                                   ? arena_printf(req->arena, "%s?%s", req->path, req->query_string)
                                   : req->path;
            to = back ? web_url(req->arena, "/login", "next", back, NULL) : NULL;
        }
        if (response_redirect(res, to ? to : "/login") == 0)
            return;
        fallback(res, 500);
        return;
    }
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_int(&jb, "status", status);
    jb_str(&jb, "heading", heading(status));
    jb_str(&jb, "detail", err->detail);
    jb_bool(&jb, "is_auth_problem", status == 403);
    jb_bool(&jb, "is_retry", status == 503 || status == 429);
    json_object *d = jb_finish(&jb);
    struct app_err e2;
    err_clear(&e2);
    char title[64];
    snprintf(title, sizeof title, "%d %s", status, err_title(status));
    if (!d || web_render(req, res, status, "error", title, NULL, d, &e2)) {
        if (err_is_set(&e2) && e2.internal[0])
            log_error("error page: %s", e2.internal);
        fallback(res, status);
    }
    if (err->retry_after > 0 || status == 503) {
        char *ra = arena_printf(req->arena, "%d", err->retry_after > 0 ? err->retry_after : 5);
        if (ra)
            response_header(res, "Retry-After", ra);
    }
}
