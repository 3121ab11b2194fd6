/* auth_handlers: the handlers of the auth group. */
#ifndef DESKPILOT_CGI_AUTH_HANDLERS_H
#define DESKPILOT_CGI_AUTH_HANDLERS_H

#include "http/router.h"

int auth_register(struct request *req, struct response *res, struct app_err *err);
int auth_login(struct request *req, struct response *res, struct app_err *err);
int auth_logout(struct request *req, struct response *res, struct app_err *err);
int auth_password_reset(struct request *req, struct response *res, struct app_err *err);
int auth_password_reset_confirm(struct request *req, struct response *res, struct app_err *err);
int auth_me(struct request *req, struct response *res, struct app_err *err);

#endif
