/* web_resume: a form sent after its session ended (a reply typed for an hour) is not
 * lost. The sign-in page carries its fields; once signed in again the user sees them
 * on a page of their own and sends them with one click — never automatically: the
 * person at the keyboard may not be the one who typed, and the fresh form gets a
 * fresh CSRF token while the ticket's version field still catches a changed ticket. */
#ifndef DESKPILOT_WEB_RESUME_H
#define DESKPILOT_WEB_RESUME_H

#include "core/arena.h"
#include "core/identity.h"
#include "web/web_form.h"

struct json_object;

#define WEB_RESUME_ACTION "resume_action" /* the login form's field: where the form went */
#define WEB_RESUME_PREFIX "resume."       /* ... and each carried field, renamed */
#define WEB_RESUME_MAX (WEB_FORM_MAX - 8) /* fields carried; the login form's own fit too */

/* The page to come back to after a POST to path: the path without its last segment
 * ("/agent/tickets/12/reply" → "/agent/tickets/12"). In the arena; NULL if none. */
const char *web_resume_return(struct arena *a, const char *path);

/* What the sign-in page carries of form f sent to path: {"action": path, "fields":
 * [{"name": "resume.<field>", "value": ...}]} (every field but the stale CSRF token);
 * NULL when there is nothing to carry (an empty form, too many fields) or out of memory. */
struct json_object *web_resume_carry(struct arena *a, const char *path, const struct web_form *f);

/* After a sign-in as role, from the login form: the carried form back, {"action",
 * "fields": [{"name", "value"}] (hidden), "text": the field "body" when there is one},
 * or NULL when the form carried none or names an action outside role's pages. */
struct json_object *web_resume_take(struct arena *a, const struct web_form *login, enum role role);

#endif
