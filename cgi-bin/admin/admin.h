/* admin: the handlers of the admin API group (role admin on every route). They parse
 * the request and write JSON; what an admin action does lives in lib/admin/. */
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
int api_audit_list(struct request *req, struct response *res, struct app_err *err);

/* --- respond.c --- */

/* Answer status with body o (takes ownership; NULL = out of memory, 503). */
int api_respond(struct response *res, int status, struct json_object *o, struct app_err *err);
/* Answer 200 with {"items": [view(rows[i])...], "next_cursor": next}; view is
 * called with &rows[i * size]. 503 when out of memory. */
int api_respond_page(struct response *res, const void *rows, size_t size, int n,
                     struct json_object *(*view)(const void *row), const char *next,
                     struct app_err *err);

#endif
