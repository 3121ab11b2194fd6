/* admin: the handlers of the admin group (role admin on every route). */
#ifndef DESKPILOT_CGI_ADMIN_H
#define DESKPILOT_CGI_ADMIN_H

#include "http/router.h"

int admin_users_list(struct request *req, struct response *res, struct app_err *err);
int admin_users_patch(struct request *req, struct response *res, struct app_err *err);
int admin_audit_list(struct request *req, struct response *res, struct app_err *err);

#endif
