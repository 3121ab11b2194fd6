/* web_render: layout wrapping, the HTML error page, the worker's template set. */
#include "web/web_render.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/config.h"
#include "core/log.h"
#include "html/tpl.h"
#include "web/web_session.h"

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

static int add(json_object *o, const char *key, json_object *v)
{
    return v && json_object_object_add(o, key, v) == 0 ? 0 : (json_object_put(v), -1);
}

static json_object *user_json(const struct principal *p)
{
    json_object *u = json_object_new_object();
    if (!u)
        return NULL;
    int rc = add(u, "id", json_object_new_int64(p->id)) |
             add(u, "name", json_object_new_string(p->name ? p->name : "")) |
             add(u, "email", json_object_new_string(p->email ? p->email : "")) |
             add(u, "role", json_object_new_string(role_name(p->role))) |
             add(u, "role_label", json_object_new_string(role_label(p->role))) |
             add(u, "home", json_object_new_string(web_home(p->role))) |
             add(u, "is_customer", json_object_new_boolean(p->role == ROLE_CUSTOMER)) |
             add(u, "is_staff",
                 json_object_new_boolean(p->role == ROLE_AGENT || p->role == ROLE_ADMIN)) |
             add(u, "is_admin", json_object_new_boolean(p->role == ROLE_ADMIN));
    if (rc) {
        json_object_put(u);
        return NULL;
    }
    return u;
}

int web_render(struct request *req, struct response *res, int status, const char *name,
               const char *title, const char *nav, struct json_object *data, struct app_err *err)
{
    if (!data)
        data = json_object_new_object();
    if (!data || !json_object_is_type(data, json_type_object)) {
        json_object_put(data);
        return err_unavailable(err, "out of memory");
    }
    if (!templates) {
        json_object_put(data);
        return err_internal(err, "templates not loaded");
    }
    const char *csrf = web_session_csrf(req, res);
    json_object *navo = json_object_new_object();
    int rc = !csrf || !navo;
    if (!rc && nav)
        rc |= add(navo, nav, json_object_new_boolean(1));
    rc |= add(data, "nav", navo);
    rc |= add(data, "page_title", json_object_new_string(title ? title : "Deskpilot"));
    rc |= add(data, "csrf", json_object_new_string(csrf ? csrf : ""));
    if (req->user.id > 0)
        rc |= add(data, "user", user_json(&req->user));
    if (rc) {
        json_object_put(data);
        return err_unavailable(err, "out of memory building %s", name);
    }
    struct buf page;
    buf_init(&page);
    rc = tpl_set_render(templates, name, data, &page);
    if (rc == 0)
        rc = add(data, "content", json_object_new_string_len(buf_str(&page), (int)page.len));
    buf_cleanup(&page);
    if (rc == 0) {
        buf_reset(&res->body);
        rc = tpl_set_render(templates, "layout", data, &res->body);
    }
    json_object_put(data);
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

void web_page_error(struct request *req, struct response *res, const struct app_err *err)
{
    int status = err_status(err->code);
    if (status == 401) {
        /* A cookie that no longer signs in is dropped, so the login page starts clean. */
        if (request_cookie(req, AUTH_COOKIE))
            (void)web_session_clear(req, res); /* best effort: the redirect matters */
        if (response_redirect(res, "/login") == 0)
            return;
        fallback(res, 500);
        return;
    }
    json_object *d = json_object_new_object();
    if (d) {
        int rc = add(d, "status", json_object_new_int(status)) |
                 add(d, "heading", json_object_new_string(heading(status))) |
                 add(d, "detail", json_object_new_string(err->detail)) |
                 add(d, "is_auth_problem", json_object_new_boolean(status == 403)) |
                 add(d, "is_retry", json_object_new_boolean(status == 503 || status == 429));
        if (rc) {
            json_object_put(d);
            d = NULL;
        }
    }
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
