/* meta: handlers of the meta group. */
#ifndef DESKPILOT_CGI_META_H
#define DESKPILOT_CGI_META_H

#include "http/router.h"

int meta_health(struct request *req, struct response *res, struct app_err *err);

#endif
