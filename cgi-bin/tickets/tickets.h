/* tickets: the handlers of the tickets group and what they share. */
#ifndef DESKPILOT_CGI_TICKETS_H
#define DESKPILOT_CGI_TICKETS_H

#include "db/db_tickets.h"
#include "http/router.h"

struct json_object;

int tickets_create(struct request *req, struct response *res, struct app_err *err);
int tickets_list(struct request *req, struct response *res, struct app_err *err);
int tickets_get(struct request *req, struct response *res, struct app_err *err);
int tickets_update(struct request *req, struct response *res, struct app_err *err);
int tickets_add_message(struct request *req, struct response *res, struct app_err *err);
int tickets_feedback(struct request *req, struct response *res, struct app_err *err);

/* The ticket named by the {id} path parameter, if the caller may see it: a
 * customer's view of another's ticket is 404, exactly like a missing one. */
int tickets_load_visible(struct request *req, bool for_update, struct ticket *t,
                         struct app_err *err);
/* Staff (agent or admin) see everything, including suggestions. */
bool tickets_is_staff(const struct request *req);
/* Map a lifecycle refusal to the request's error. */
int tickets_refusal(enum transition_refusal r, const char *why, struct app_err *err);
/* The ticket re-read after a change, as JSON for the caller's role (caller owns it). */
int tickets_render(struct request *req, long long id, bool with_messages, struct json_object **out,
                   struct app_err *err);
/* Answer with the ticket re-read after a change (status code given). */
int tickets_respond(struct request *req, struct response *res, long long id, int status,
                    bool with_messages, struct app_err *err);

#endif
