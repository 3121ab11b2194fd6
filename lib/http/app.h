/* app: one FastCGI worker — the accept loop, the dispatcher's fixed checks, the access log. */
#ifndef DESKPILOT_HTTP_APP_H
#define DESKPILOT_HTTP_APP_H

#include <stddef.h>

#include "http/router.h"

/* The store the handlers use (the database), as the dispatcher sees it: the http
 * layer knows only these hooks, so it depends on no data layer. */
struct app_store {
    /* At start-up; a failure is not fatal (the first request retries). */
    int (*open)(struct app_err *err);
    /* After every request: undo a transaction a failed handler left open. */
    void (*end_request)(void);
    /* At exit. */
    void (*close)(void);
    /* Run the handler (fn(ctx, err)), again once when its transaction lost a conflict
     * the store may safely redo; NULL: run it once. */
    int (*run)(int (*fn)(void *ctx, struct app_err *err), void *ctx, struct app_err *err);
};

struct app {
    const char *name; /* endpoint group, for logs */
    const struct route *routes;
    size_t nroutes;
    /* Fill req->user from the bearer token (or the cookie on page routes); 401 when
     * missing or invalid. Required when any route has an auth flag. */
    int (*authenticate)(struct request *req, struct app_err *err);
    /* Check the CSRF token of a form POST; 403 when missing or wrong. */
    int (*check_csrf)(struct request *req, struct app_err *err);
    /* Write the HTML error page for a page route (401 becomes a redirect to /login). */
    void (*page_error)(struct request *req, struct response *res, const struct app_err *err);
    /* Once per worker after the configuration is loaded; non-zero aborts start-up. */
    int (*init)(void);
    /* Before each request (e.g. pick up a newer model). */
    void (*before_request)(void);
    /* NULL: the group uses no store. */
    const struct app_store *store;
};

/* Route, method, body size, content type, auth, role, JSON body, handler — in that
 * order, so no handler repeats a check. Always leaves a complete answer in res. */
void app_dispatch(const struct app *app, struct request *req, struct response *res,
                  request_read_fn read, void *read_ctx);
/* The worker's main(): `--routes` prints "METHOD PATTERN" lines and exits (used by
 * the OpenAPI coverage test); otherwise loads the configuration and serves
 * FastCGI requests on fd 0 until told to stop. Returns the exit code. */
int app_main(const struct app *app, int argc, char **argv);

#endif
