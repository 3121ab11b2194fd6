/* router: segment-wise pattern matching with 404/405 distinction. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

int router_pattern_match(const char *pattern, const char *path, struct arena *a,
                         const char **params, size_t *nparams)
{
    *nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *pend = strchr(p, '}');
            size_t seg = strcspn(s, "/");
            if (!pend || seg == 0 || *nparams >= REQ_MAX_PARAMS)
                return 0;
            if (a) {
                params[*nparams] = arena_strndup(a, s, seg);
                if (!params[*nparams])
                    return 0;
            }
            (*nparams)++;
            p = pend + 1;
            s += seg;
        } else if (*p == *s) {
            p++;
            s++;
        } else {
            return 0;
        }
    }
    return *p == '\0' && *s == '\0';
}

const struct route *router_match(const struct route *routes, size_t n, const char *method,
                                 const char *path, struct request *req, char *allow,
                                 size_t allowlen, struct app_err *err)
{
    allow[0] = '\0';
    int path_known = 0;
    for (size_t i = 0; i < n; i++) {
        size_t np;
        const char *params[REQ_MAX_PARAMS];
        if (!router_pattern_match(routes[i].pattern, path, NULL, params, &np))
            continue;
        path_known = 1;
        if (strcmp(routes[i].method, method) == 0) {
            if (!router_pattern_match(routes[i].pattern, path, req->arena, req->params,
                                      &req->nparams)) {
                err_unavailable(err, "out of memory matching a route");
                return NULL;
            }
            return &routes[i];
        }
        if (!strstr(allow, routes[i].method)) {
            size_t len = strlen(allow);
            snprintf(allow + len, allowlen - len, "%s%s", len ? ", " : "", routes[i].method);
        }
    }
    if (path_known)
        err_set(err, ERR_METHOD_NOT_ALLOWED, "%s is not allowed here", method);
    else
        err_set(err, ERR_NOT_FOUND, "no such resource");
    return NULL;
}
