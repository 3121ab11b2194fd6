/* pages: the server-rendered HTML pages — one file per page, helpers in common.c. */
#ifndef DESKPILOT_CGI_PAGES_H
#define DESKPILOT_CGI_PAGES_H

/* Tickets per page on the customer's and the agents' lists. */
#define LIST_PAGE 25

#include <stdbool.h>

#include "http/router.h"
#include "user/user_list.h"
#include "web/web_form.h"
#include "web/web_ticket.h"
#include "json/jbuild.h"
#include "json/validate.h"

struct json_object;
struct intent;

/* home.c */
int page_home(struct request *req, struct response *res, struct app_err *err);
int page_add_slash(struct request *req, struct response *res, struct app_err *err);
/* login.c, logout.c, register.c */
int page_login(struct request *req, struct response *res, struct app_err *err);
int page_login_submit(struct request *req, struct response *res, struct app_err *err);
int page_logout(struct request *req, struct response *res, struct app_err *err);
int page_register(struct request *req, struct response *res, struct app_err *err);
int page_register_submit(struct request *req, struct response *res, struct app_err *err);
/* password_reset.c: "Forgot password?" and the mail's link */
int page_forgot(struct request *req, struct response *res, struct app_err *err);
int page_forgot_submit(struct request *req, struct response *res, struct app_err *err);
int page_reset(struct request *req, struct response *res, struct app_err *err);
int page_reset_submit(struct request *req, struct response *res, struct app_err *err);
/* support.c: the customer's home, new ticket form and ticket list */
int page_support(struct request *req, struct response *res, struct app_err *err);
int page_support_create(struct request *req, struct response *res, struct app_err *err);
/* support_ticket.c: one ticket for its customer, follow-ups and feedback */
int page_support_ticket(struct request *req, struct response *res, struct app_err *err);
int page_support_message(struct request *req, struct response *res, struct app_err *err);
int page_support_feedback(struct request *req, struct response *res, struct app_err *err);
int page_file(struct request *req, struct response *res, struct app_err *err);
int page_support_stars(struct request *req, struct response *res, struct app_err *err);
/* agent_queue.c, agent_tickets.c */
int page_agent_queue(struct request *req, struct response *res, struct app_err *err);
int page_agent_tickets(struct request *req, struct response *res, struct app_err *err);
/* agent_ticket.c: one ticket for staff, reply/resolve, assign/priority/intent */
int page_agent_ticket(struct request *req, struct response *res, struct app_err *err);
int page_agent_reply(struct request *req, struct response *res, struct app_err *err);
int page_agent_update(struct request *req, struct response *res, struct app_err *err);
int page_agent_bulk(struct request *req, struct response *res, struct app_err *err);
/* admin_dashboard.c: the numbers, the charts, the per-intent table */
int page_admin_dashboard(struct request *req, struct response *res, struct app_err *err);
/* admin_retrain.c: the dashboard's Retrain button */
int page_admin_retrain(struct request *req, struct response *res, struct app_err *err);
/* admin_users.c: users by role, change role, disable/enable */
int page_admin_users(struct request *req, struct response *res, struct app_err *err);
int page_admin_user_update(struct request *req, struct response *res, struct app_err *err);
/* admin_intents.c: the catalogue and the new-intent form */
int page_admin_intents(struct request *req, struct response *res, struct app_err *err);
int page_intent_create(struct request *req, struct response *res, struct app_err *err);
/* admin_intent.c: one intent — edit, re-enable, delete */
int page_admin_intent(struct request *req, struct response *res, struct app_err *err);
int page_admin_intent_save(struct request *req, struct response *res, struct app_err *err);
int page_admin_intent_reenable(struct request *req, struct response *res, struct app_err *err);
int page_intent_delete(struct request *req, struct response *res, struct app_err *err);
/* admin_settings.c: the settings form and the threshold simulator */
int page_admin_settings(struct request *req, struct response *res, struct app_err *err);
int page_admin_settings_save(struct request *req, struct response *res, struct app_err *err);
/* admin_audit.c: the audit log */
int page_admin_macros(struct request *req, struct response *res, struct app_err *err);
int page_admin_macro_create(struct request *req, struct response *res, struct app_err *err);
int page_admin_macro_save(struct request *req, struct response *res, struct app_err *err);
int page_admin_macro_delete(struct request *req, struct response *res, struct app_err *err);
int page_admin_sla(struct request *req, struct response *res, struct app_err *err);
int page_admin_sla_save(struct request *req, struct response *res, struct app_err *err);

int page_admin_audit(struct request *req, struct response *res, struct app_err *err);
/* admin_outbox.c: the mails to customers, and the retry of a failed one */
int page_admin_outbox(struct request *req, struct response *res, struct app_err *err);
int page_admin_outbox_retry(struct request *req, struct response *res, struct app_err *err);
/* notifications.c: the user's notifications, staff's choices */
int page_notifications(struct request *req, struct response *res, struct app_err *err);
int page_notification_open(struct request *req, struct response *res, struct app_err *err);
int page_notifications_read(struct request *req, struct response *res, struct app_err *err);
int page_notification_settings(struct request *req, struct response *res, struct app_err *err);
int page_notification_settings_save(struct request *req, struct response *res, struct app_err *err);
/* support.c too: answers before filing — the no-JS check, the counted "Yes", the
 * typing suggestion (JSON) */
int page_support_check(struct request *req, struct response *res, struct app_err *err);
int page_support_deflected(struct request *req, struct response *res, struct app_err *err);
int page_support_suggest(struct request *req, struct response *res, struct app_err *err);
/* feedback.c: the feedback links of an automatic answer's mail */
int page_feedback(struct request *req, struct response *res, struct app_err *err);
int page_feedback_vote(struct request *req, struct response *res, struct app_err *err);
int page_feedback_stars(struct request *req, struct response *res, struct app_err *err);

/* --- admin_intent_form.c: the intent form shared by the create and edit pages --- */

/* The intent form as the API's Intent JSON, for intent_create/patch: name
 * (with_name), description, examples (one per line of the textarea; blank lines
 * dropped), response_template, auto_resolve (the checkbox) and threshold (empty =
 * null = the global threshold; a number as a number, anything else as text so the
 * shared validation names it). *out is owned by a. 503 when out of memory. */
int pages_intent_body(struct arena *a, const struct web_form *f, bool with_name,
                      struct json_object **out, struct app_err *err);
/* The template's "form" object for an intent (NULL = an empty new-intent form) or
 * for what the admin typed (f, when the form comes back with errors). Owned by a;
 * NULL when out of memory. */
struct json_object *pages_intent_form(struct arena *a, const struct intent *in,
                                      const struct web_form *f);

/* --- common.c --- */

/* Page data is built with jbuild (json/jbuild.h) in the request arena: one failure
 * check at the end, in pages_show, instead of one per value; tables are jb_rows. */

/* Render template tpl inside the layout (web_render) with the page data plus
 * "errors" (errors' field messages; {} when errors is NULL), "error" (errors'
 * public detail when it is not a field validation, unless the page set one) and
 * "notice" (pages_notice). d gains those keys. 503 when d failed. */
int pages_show(struct request *req, struct response *res, int status, const char *tpl,
               const char *title, const char *nav, struct jbuild *d, const struct app_err *errors,
               struct app_err *err);
/* pages_show for an admin page: the layout's admin navigation marks `tab` active. */
int pages_show_admin(struct request *req, struct response *res, int status, const char *tpl,
                     const char *title, const char *tab, struct jbuild *d,
                     const struct app_err *errors, struct app_err *err);

/* Read the urlencoded form into f and its fields spec[0..n) into v through
 * validate_json (every value is text: spec uses FT_STRING; strings are copied
 * into the arena). Clears bad first; every problem — a broken body (400), no
 * memory (503), bad fields (422) — goes to bad and returns -1. */
int pages_form_fields(struct request *req, struct web_form *f, const struct field_spec *spec,
                      size_t n, struct field_value *v, struct app_err *bad);
/* After a failed form action: true when bad is a problem its form shows
 * (validation 422, conflict 409, a 413 naming its field, or the code `also`; pass ERR_NONE for
 * none); otherwise copies bad into err for the error page and returns false. */
bool pages_form_failed(const struct app_err *bad, enum err_code also, struct app_err *err);

/* After "Yes": "stars" for part_stars — the form posting to action with the five
 * choices of the 1..5 star rating. */
void pages_stars(struct arena *a, struct jbuild *d, const char *action);
/* The fields of that form: rating (1..5, as text) and an optional comment. */
enum { PAGES_STARS_RATING, PAGES_STARS_COMMENT, PAGES_STARS_NFIELDS };
extern const struct field_spec pages_stars_fields[PAGES_STARS_NFIELDS];

/* The {id} path parameter, or 0 when it is not a positive integer (then 404). */
long long pages_path_id(const struct request *req);
/* 303 to a local path built with printf; 503 when out of memory. */
int pages_redirect(struct request *req, struct response *res, struct app_err *err, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
/* Sign u in: the session cookie with a fresh token, and req->user becomes u (so a page
 * rendered now carries the new session's CSRF token). */
int pages_session_start(struct request *req, struct response *res, const struct user *u,
                        struct app_err *err);
/* Sign u in, then 303 to `to`. */
int pages_sign_in(struct request *req, struct response *res, const struct user *u, const char *to,
                  struct app_err *err);
/* The fixed message for ?done=<key> (an allowlist: nothing from the URL is echoed),
 * or NULL. */
const char *pages_notice(const struct request *req);
/* Active agents and admins, for assignment and names (arena array). */
int pages_staff(struct request *req, struct web_people *out, struct app_err *err);
/* The tickets as the list templates read them (web_ticket_json each), in the
 * request arena. NULL when out of memory. */
struct json_object *pages_ticket_list(const struct request *req, const struct ticket *t, int n,
                                      const struct web_people *people);
/* [{"value", "label", "selected"}] for a <select>; values/labels NULL-terminated.
 * Owned by a; NULL when out of memory. */
/* The paused intents into d ("paused", "has_paused", "npaused"): the dashboard and the
 * intents page show them on top, whichever page is open (templates/part_paused). */
int pages_paused_intents(struct request *req, struct jbuild *d, struct app_err *err);
/* The i-th of an array of struct outbox_row as a page's table row (jb_rows). */
struct json_object *pages_mail_row(struct arena *a, int i, const void *rows);
struct json_object *pages_options(struct arena *a, const char *const *values,
                                  const char *const *labels, const char *current);
/* Add key: the form's value of key, or "" when form is NULL or has none. */
void pages_form_str(struct jbuild *d, const struct web_form *form, const char *key);
/* Add key: "42%" for a share 0..1, "—" when v is negative (not measured). */
void pages_pct(struct jbuild *d, const char *key, double v);

/* --- admin_model.c --- */
/* Add key: the precision/automation curve of a model report (model_report_json) as an
 * SVG chart with the threshold in force marked. 0, or -1 when memory ran out. */
int pages_model_chart(struct request *req, struct json_object *report, struct jbuild *d,
                      const char *key);
int page_admin_model(struct request *req, struct response *res, struct app_err *err);

/* Labels for ticket_priorities (lib/ticket/ticket_fields.h), in its order. */
extern const char *const pages_priority_labels[]; /* Low, Normal, ... */

#endif
