/* admin: the handlers of the admin API group (role admin on every route). They parse
 * the request and write JSON; what an admin action does lives in the aggregates
 * (lib/user, lib/intent, lib/settings, lib/pipeline, lib/audit). */
#ifndef DESKPILOT_CGI_ADMIN_H
#define DESKPILOT_CGI_ADMIN_H

#include "http/router.h"

struct json_object;

int api_users_list(struct request *req, struct response *res, struct app_err *err);
int api_users_patch(struct request *req, struct response *res, struct app_err *err);
int api_settings_get(struct request *req, struct response *res, struct app_err *err);
int api_settings_put(struct request *req, struct response *res, struct app_err *err);
int api_intents_list(struct request *req, struct response *res, struct app_err *err);
int api_intents_create(struct request *req, struct response *res, struct app_err *err);
int api_intents_get(struct request *req, struct response *res, struct app_err *err);
int api_intents_patch(struct request *req, struct response *res, struct app_err *err);
int api_intents_delete(struct request *req, struct response *res, struct app_err *err);
int api_stats(struct request *req, struct response *res, struct app_err *err);
int api_simulate(struct request *req, struct response *res, struct app_err *err);
int api_retrain(struct request *req, struct response *res, struct app_err *err);
int api_model(struct request *req, struct response *res, struct app_err *err);
int api_audit_list(struct request *req, struct response *res, struct app_err *err);
int api_outbox_list(struct request *req, struct response *res, struct app_err *err);
int api_sla_get(struct request *req, struct response *res, struct app_err *err);
int api_sla_put(struct request *req, struct response *res, struct app_err *err);
int api_macros_list(struct request *req, struct response *res, struct app_err *err);
int api_macros_create(struct request *req, struct response *res, struct app_err *err);
int api_macros_get(struct request *req, struct response *res, struct app_err *err);
int api_macros_put(struct request *req, struct response *res, struct app_err *err);
int api_macros_delete(struct request *req, struct response *res, struct app_err *err);
int api_outbox_retry(struct request *req, struct response *res, struct app_err *err);

/* --- respond.c --- */

/* Answer status with body o (borrowed: arena-owned; NULL = out of memory, 503).
 * Lists answer through page_respond (http/page.h). */
int api_respond(struct response *res, int status, struct json_object *o, struct app_err *err);

#endif
