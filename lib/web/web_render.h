/* web_render: the page templates (loaded once per worker) and the one function that
 * renders a page inside the layout. */
#ifndef DESKPILOT_WEB_RENDER_H
#define DESKPILOT_WEB_RENDER_H

#include "core/err.h"
#include "http/request.h"
#include "http/response.h"

struct json_object;

/* Load every template of g_config.templates_dir; for the app's init hook.
 * Logs the reason and returns -1 when a template is missing or does not compile. */
int web_render_init(void);

/* Render template `name` with data, then the "layout" template around it, into res
 * with status. data is the page's values (an arena-owned object that gains the
 * layout's keys; NULL = none); the
 * layout adds "page_title" (title), "user" (the signed-in user, or absent),
 * "csrf" (the token for forms, see web_session_csrf), "nav.<nav>" = true for the
 * active navigation entry (nav may be NULL) and "content" (the page's HTML: the
 * only value the layout prints raw — it is our own template's escaped output).
 * Pages are private: Cache-Control no-store. 0, or -1 with err (503 when out of
 * memory, 500 for a template error). */
int web_render(struct request *req, struct response *res, int status, const char *name,
               const char *title, const char *nav, struct json_object *data, struct app_err *err);

/* The sign-in page's own fields into d: the e-mail typed ("" for none) and the page
 * to return to once signed in, a local path or "" (checked again on use). One
 * builder for the login page and for the sign-in a form sent too late gets. */
struct jbuild;
void web_sign_in_fields(struct jbuild *d, const char *email, const char *next);

/* The app's page_error hook: 401 becomes 303 to /login (dropping a stale session
 * cookie) — or, for a form sent after its session ended, the sign-in page carrying
 * that form (web_resume.h); anything else the "error" page with the status, a friendly heading and
 * the public detail (never err->internal), Retry-After on 429 and 503. Falls back to
 * a fixed HTML page when even that cannot be rendered. */
void web_page_error(struct request *req, struct response *res, const struct app_err *err);

#endif
