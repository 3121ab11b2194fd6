/* meta: handlers of the meta group. */
#ifndef DESKPILOT_CGI_META_H
#define DESKPILOT_CGI_META_H

#include "http/router.h"

int meta_health(struct request *req, struct response *res, struct app_err *err);
/* notifications.c: the caller's notifications and choices */
int meta_notifications(struct request *req, struct response *res, struct app_err *err);
int meta_notifications_unread(struct request *req, struct response *res, struct app_err *err);
int meta_notifications_read(struct request *req, struct response *res, struct app_err *err);
int meta_notification_settings(struct request *req, struct response *res, struct app_err *err);
int meta_notification_settings_put(struct request *req, struct response *res, struct app_err *err);

#endif
