/* tickets: the handlers of the tickets group and what they share. */
#ifndef DESKPILOT_CGI_TICKETS_H
#define DESKPILOT_CGI_TICKETS_H

#include "http/router.h"

struct json_object;

int tickets_create(struct request *req, struct response *res, struct app_err *err);
int tickets_list(struct request *req, struct response *res, struct app_err *err);
int tickets_queue(struct request *req, struct response *res, struct app_err *err);
int tickets_bulk(struct request *req, struct response *res, struct app_err *err);
int tickets_get(struct request *req, struct response *res, struct app_err *err);
int tickets_update(struct request *req, struct response *res, struct app_err *err);
int tickets_add_message(struct request *req, struct response *res, struct app_err *err);
int tickets_feedback(struct request *req, struct response *res, struct app_err *err);
int tickets_macros(struct request *req, struct response *res, struct app_err *err);
int tickets_macro_render(struct request *req, struct response *res, struct app_err *err);
int tickets_attach(struct request *req, struct response *res, struct app_err *err);
int tickets_attachment_get(struct request *req, struct response *res, struct app_err *err);

/* answers.c: suggestions before filing, the counted "Yes", the widget's preflight */
int answers_suggest(struct request *req, struct response *res, struct app_err *err);
int answers_deflected(struct request *req, struct response *res, struct app_err *err);
int answers_preflight(struct request *req, struct response *res, struct app_err *err);

/* The {id} path parameter, or 0 when it is not a positive integer (then 404). */
long long tickets_path_id(const struct request *req);
/* The ticket as the caller may see it, as JSON (owned by the request arena); 404
 * if not visible. */
int tickets_render(struct request *req, long long id, bool with_messages, struct json_object **out,
                   struct app_err *err);
/* Answer with the ticket re-read after a change. */
int tickets_respond(struct request *req, struct response *res, long long id, int status,
                    bool with_messages, struct app_err *err);

struct ticket_patch;
/* The PATCH body's fields (status, priority, assignee_id, intent) into p: 422 naming a
 * bad one. */
int tickets_patch_read(struct request *req, struct ticket_patch *p, struct app_err *err);

/* A repeated Idempotency-Key's answer says so: Idempotent-Replayed: true. */
int tickets_mark_replay(struct response *res, bool replayed);

#endif
