/* router: route tables (method + path pattern -> handler + requirements) and matching. */
#ifndef DESKPILOT_HTTP_ROUTER_H
#define DESKPILOT_HTTP_ROUTER_H

#include <stddef.h>

#include "core/err.h"
#include "http/request.h"
#include "http/response.h"

/* A handler fills res and returns 0, or fills err and returns -1; the dispatcher
 * then writes the problem (or the HTML error page). Handlers never check what the
 * flags of their route already guarantee. */
typedef int (*handler_fn)(struct request *req, struct response *res, struct app_err *err);

enum route_flags {
    RF_AUTH = 1 << 0,     /* a signed-in user of any role */
    RF_AGENT = 1 << 1,    /* agent or admin (implies RF_AUTH) */
    RF_ADMIN = 1 << 2,    /* admin only (implies RF_AUTH) */
    RF_JSON = 1 << 3,     /* body must be a JSON object, Content-Type application/json */
    RF_PAGE = 1 << 4,     /* HTML page: cookie auth, redirect to /login, HTML errors */
    RF_FORM = 1 << 5,     /* form POST: urlencoded body with a valid CSRF token */
    RF_CUSTOMER = 1 << 6, /* customer only (implies RF_AUTH) */
    /* Takes files: the body may be multipart/form-data (alone: must be) and as large
     * as DESKPILOT_UPLOAD_MAX_BODY instead of DESKPILOT_MAX_BODY. */
    RF_UPLOAD = 1 << 7,
};

struct route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/tickets/{id}": {name} matches one non-empty segment */
    handler_fn handler;
    unsigned flags;
};

/* Find the route for method + path. On a match fills req->params and returns the
 * route. Otherwise returns NULL and sets err to 404, or to 405 with the allowed
 * methods written into allow ("GET, POST"). */
const struct route *router_match(const struct route *routes, size_t n, const char *method,
                                 const char *path, struct request *req, char *allow,
                                 size_t allowlen, struct app_err *err);
/* True when path matches pattern; params receive pointers into the arena. */
int router_pattern_match(const char *pattern, const char *path, struct arena *a,
                         const char **params, size_t *nparams);

#endif
