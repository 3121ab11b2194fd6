/* pages: the server-rendered HTML pages — one file per page, helpers in common.c. */
#ifndef DESKPILOT_CGI_PAGES_H
#define DESKPILOT_CGI_PAGES_H

#include <stdbool.h>

#include "db/db_users.h"
#include "http/router.h"
#include "web/web_ticket.h"
#include "json/validate.h"

struct json_object;

/* home.c */
int page_home(struct request *req, struct response *res, struct app_err *err);
int page_add_slash(struct request *req, struct response *res, struct app_err *err);
int page_not_found(struct request *req, struct response *res, struct app_err *err);
/* login.c, logout.c, register.c */
int page_login(struct request *req, struct response *res, struct app_err *err);
int page_login_submit(struct request *req, struct response *res, struct app_err *err);
int page_logout(struct request *req, struct response *res, struct app_err *err);
int page_register(struct request *req, struct response *res, struct app_err *err);
int page_register_submit(struct request *req, struct response *res, struct app_err *err);
/* support.c: the customer's home, new ticket form and ticket list */
int page_support(struct request *req, struct response *res, struct app_err *err);
int page_support_create(struct request *req, struct response *res, struct app_err *err);
/* support_ticket.c: one ticket for its customer, follow-ups and feedback */
int page_support_ticket(struct request *req, struct response *res, struct app_err *err);
int page_support_message(struct request *req, struct response *res, struct app_err *err);
int page_support_feedback(struct request *req, struct response *res, struct app_err *err);
/* agent_queue.c, agent_tickets.c */
int page_agent_queue(struct request *req, struct response *res, struct app_err *err);
int page_agent_tickets(struct request *req, struct response *res, struct app_err *err);
/* agent_ticket.c: one ticket for staff, reply/resolve, assign/priority/intent */
int page_agent_ticket(struct request *req, struct response *res, struct app_err *err);
int page_agent_reply(struct request *req, struct response *res, struct app_err *err);
int page_agent_update(struct request *req, struct response *res, struct app_err *err);

/* --- common.c --- */

/* The {id} path parameter, or 0 when it is not a positive integer (then 404). */
long long pages_path_id(const struct request *req);
/* 303 to a local path built with printf; 503 when out of memory. */
int pages_redirect(struct request *req, struct response *res, struct app_err *err, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
/* The fixed message for ?done=<key> (an allowlist: nothing from the URL is echoed),
 * or NULL. */
const char *pages_notice(const struct request *req);
/* Active agents and admins, for assignment and names (arena array). */
int pages_staff(struct request *req, struct web_people *out, struct app_err *err);
/* [{"value", "label", "selected"}] for a <select>; values/labels NULL-terminated. */
struct json_object *pages_options(const char *const *values, const char *const *labels,
                                  const char *current);
/* Errors a form page shows next to its fields rather than on an error page:
 * validation (422) and conflicts (409). */
bool pages_form_error(const struct app_err *err);
/* Add key -> value to o, owning value either way; -1 when value is NULL. */
int pages_put(struct json_object *o, const char *key, struct json_object *value);
/* A string or "" for NULL. */
struct json_object *pages_str(const char *s);

extern const char *const pages_priorities[];      /* low, normal, high, urgent, NULL */
extern const char *const pages_priority_labels[]; /* Low, Normal, ... */

#endif
