/* admin: the handlers of the admin group (role admin on every route). */
#ifndef DESKPILOT_CGI_ADMIN_H
#define DESKPILOT_CGI_ADMIN_H

#include "http/router.h"

int admin_users_list(struct request *req, struct response *res, struct app_err *err);
int admin_users_patch(struct request *req, struct response *res, struct app_err *err);
int admin_settings_get(struct request *req, struct response *res, struct app_err *err);
int admin_settings_put(struct request *req, struct response *res, struct app_err *err);
int admin_intents_list(struct request *req, struct response *res, struct app_err *err);
int admin_intents_create(struct request *req, struct response *res, struct app_err *err);
int admin_intents_get(struct request *req, struct response *res, struct app_err *err);
int admin_intents_patch(struct request *req, struct response *res, struct app_err *err);
int admin_intents_delete(struct request *req, struct response *res, struct app_err *err);
int admin_stats(struct request *req, struct response *res, struct app_err *err);
int admin_simulate(struct request *req, struct response *res, struct app_err *err);
int admin_retrain(struct request *req, struct response *res, struct app_err *err);
int admin_audit_list(struct request *req, struct response *res, struct app_err *err);

#endif
