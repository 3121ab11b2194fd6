/* app: the FastCGI accept loop (or one plain CGI request) and the dispatcher. */
#include "http/app.h"

#include <fcgiapp.h>
#include <json.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/config.h"
#include "core/config_file.h"
#include "core/log.h"
#include "core/log_file.h"
#include "http/problem.h"
#include "json/validate.h"

#define REQUEST_ARENA_LIMIT (64u << 20)

static bool has_body(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

/* "application/json; charset=utf-8" matches "application/json". */
static bool media_is(const char *ct, const char *want)
{
    if (!ct)
        return false;
    size_t n = strlen(want);
    return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int check_role(unsigned flags, enum role role, struct app_err *err)
{
    if ((flags & RF_ADMIN) && role != ROLE_ADMIN)
        return err_set(err, ERR_FORBIDDEN, "this needs the admin role");
    if ((flags & RF_AGENT) && role != ROLE_AGENT && role != ROLE_ADMIN)
        return err_set(err, ERR_FORBIDDEN, "this needs the agent or admin role");
    if ((flags & RF_CUSTOMER) && role != ROLE_CUSTOMER)
        return err_set(err, ERR_FORBIDDEN, "this is for customers");
    return 0;
}

static int run_checks(const struct app *app, struct request *req, struct response *res,
                      request_read_fn read, void *read_ctx, struct app_err *err)
{
    char allow[64];
    const struct route *r = router_match(app->routes, app->nroutes, req->method, req->path, req,
                                         allow, sizeof allow, err);
    if (!r) {
        const char *copy =
            err->code == ERR_METHOD_NOT_ALLOWED ? arena_strdup(req->arena, allow) : NULL;
        if (copy)
            response_header(res, "Allow", copy); /* without memory, a 405 without Allow */
        return -1;
    }
    req->route = r;
    bool upload = r->flags & RF_UPLOAD;
    if (request_read_body(req, upload ? g_config.upload_max_body : g_config.max_body, read,
                          read_ctx, err))
        return -1;
    if (has_body(req->method)) {
        bool multipart = media_is(req->content_type, "multipart/form-data");
        if ((r->flags & RF_JSON) && !media_is(req->content_type, "application/json"))
            return err_set(err, ERR_UNSUPPORTED_MEDIA, "send the body as application/json");
        if ((r->flags & RF_FORM) && !(upload && multipart) &&
            !media_is(req->content_type, "application/x-www-form-urlencoded"))
            return err_set(err, ERR_UNSUPPORTED_MEDIA,
                           upload ? "send the form as multipart/form-data"
                                  : "send the form as application/x-www-form-urlencoded");
        if (upload && !(r->flags & RF_FORM) && !multipart)
            return err_set(err, ERR_UNSUPPORTED_MEDIA, "send the files as multipart/form-data");
    }
    unsigned need_auth = RF_AUTH | RF_AGENT | RF_ADMIN | RF_CUSTOMER;
    if ((r->flags & need_auth) || (r->flags & RF_PAGE)) {
        /* Pages authenticate when they can; requiring it is the flags' business. */
        int rc = app->authenticate ? app->authenticate(req, err)
                                   : err_internal(err, "no authenticator for %s", r->pattern);
        if (rc) {
            if (!(r->flags & need_auth) && err->code == ERR_UNAUTHORIZED)
                err_clear(err);
            else
                return -1;
        }
        if (check_role(r->flags, req->user.role, err))
            return -1;
    }
    if ((r->flags & RF_FORM) && has_body(req->method)) {
        if (!app->check_csrf)
            return err_internal(err, "no CSRF checker for %s", r->pattern);
        if (app->check_csrf(req, err))
            return -1;
    }
    if ((r->flags & RF_JSON) && has_body(req->method) &&
        json_parse_object(req->body, req->body_len, &req->json, err))
        return -1;
    return 0;
}

struct handler_call {
    struct request *req;
    struct response *res;
    struct response before; /* what the checks set (a refreshed cookie), for a second run */
    int runs;
};

/* One run of the route's handler; a second run starts from the response as the
 * checks left it, not from what the first run wrote. */
static int call_handler(void *ctx, struct app_err *err)
{
    struct handler_call *c = ctx;
    if (c->runs++ > 0) {
        struct buf body = c->res->body;
        *c->res = c->before;
        c->res->body = body;
        buf_reset(&c->res->body);
    }
    return c->req->route->handler(c->req, c->res, err);
}

void app_dispatch(const struct app *app, struct request *req, struct response *res,
                  request_read_fn read, void *read_ctx)
{
    struct app_err err;
    err_clear(&err);
    int rc = request_parse(req, &err);
    if (rc == 0)
        rc = run_checks(app, req, res, read, read_ctx, &err);
    if (rc == 0) {
        struct handler_call call = {req, res, *res, 0};
        rc = app->store && app->store->run ? app->store->run(call_handler, &call, &err)
                                           : call_handler(&call, &err);
        if (rc && !err_is_set(&err))
            err_internal(&err, "handler failed without saying why");
        if (rc == 0 && res->status == 0)
            err_internal(&err, "handler set no response");
    }
    if (app->store)
        app->store->end_request(); /* a transaction a failed handler left open is undone */
    if (!err_is_set(&err))
        return;
    if (err.internal[0])
        log_error("%s %s -> %d: %s", req->method ? req->method : "-", req->path ? req->path : "-",
                  err_status(err.code), err.internal);
    /* Only Allow (from the router) survives; whatever else the handler set is dropped. */
    const char *allow = NULL;
    for (size_t i = 0; i < res->nheaders; i++)
        if (strcmp(res->hnames[i], "Allow") == 0)
            allow = res->hvalues[i];
    response_reset(res);
    /* A pages app answers in HTML even when no route matched (404/405). */
    if (app->page_error && (!req->route || (req->route->flags & RF_PAGE)))
        app->page_error(req, res, &err);
    else
        problem_write(res, &err);
    if (allow)
        response_header(res, "Allow", allow);
}

/* libfcgi reads the body through its stream; adapt it to request_read_fn. */
static int fcgx_read(void *ctx, char *buf, int n)
{
    return FCGX_GetStr(buf, n, ctx);
}

static void on_term(int sig)
{
    (void)sig;
    FCGX_ShutdownPending(); /* a flag alone would leave accept() blocked (STACK.md) */
}

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* What one request needs besides its input; reused across the requests of a worker. */
struct serve_state {
    struct arena arena;
    struct response res;
    struct buf out;
    unsigned long long counter;
};

/* Answer the request whose parameters are envp and whose body read() gives: the
 * serialised answer is left in st->out for the caller's transport. */
static void serve_one(const struct app *app, struct serve_state *st, char *const *envp,
                      request_read_fn read, void *read_ctx)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = &st->arena;
    req.envp = envp;
    const char *rid = request_env(&req, "REQUEST_ID");
    req.request_id =
        rid && *rid ? rid : arena_printf(&st->arena, "%s-%llu", app->name, ++st->counter);
    log_set_request_id(req.request_id);
    if (app->before_request)
        app->before_request();
    app_dispatch(app, &req, &st->res, read, read_ctx);
    buf_reset(&st->out);
    if (response_serialize(&st->res, &st->out) != 0)
        buf_reset(&st->out);
    log_info("%s %s %d %zu %.1fms user=%lld", req.method ? req.method : "-",
             req.path ? req.path : "-", st->res.status, st->res.body.len, elapsed_ms(&t0),
             req.user.id);
    if (req.json)
        json_object_put(req.json);
}

/* Ready for the next request: what this one held goes. */
static void serve_reset(struct serve_state *st)
{
    response_reset(&st->res);
    arena_reset(&st->arena);
    log_set_request_id(NULL);
    /* A big body must not stay pinned for the worker's lifetime. */
    if (st->out.cap > (1u << 20))
        buf_cleanup(&st->out);
    if (st->res.body.cap > (1u << 20))
        buf_cleanup(&st->res.body);
}

static void serve_fastcgi(const struct app *app, struct serve_state *st)
{
    FCGX_Request fr;
    FCGX_InitRequest(&fr, 0, 0);
    while (FCGX_Accept_r(&fr) >= 0) {
        serve_one(app, st, fr.envp, fcgx_read, fr.in);
        if (st->out.len)
            FCGX_PutStr(st->out.data, (int)st->out.len, fr.out);
        FCGX_Finish_r(&fr);
        serve_reset(st);
    }
}

static int stdin_read(void *ctx, char *buf, int n)
{
    size_t got = fread(buf, 1, (size_t)n, ctx);
    return got == 0 && ferror((FILE *)ctx) ? -1 : (int)got;
}

/* A plain CGI process (a shared host's Apache): the one request comes from the
 * environment and stdin, the answer goes to stdout, and the process ends. */
static void serve_cgi(const struct app *app, struct serve_state *st)
{
    extern char **environ;
    serve_one(app, st, environ, stdin_read, stdin);
    if (st->out.len)
        fwrite(st->out.data, 1, st->out.len, stdout);
    fflush(stdout);
    serve_reset(st);
}

int app_main(const struct app *app, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--routes") == 0) {
        for (size_t i = 0; i < app->nroutes; i++)
            printf("%s %s\n", app->routes[i].method, app->routes[i].pattern);
        return 0;
    }
    char msg[256];
    if (config_file_locate(msg, sizeof msg) || config_load(&g_config, 1, msg, sizeof msg)) {
        fprintf(stderr, "%s: configuration error: %s\n", app->name, msg);
        return 2;
    }
    log_init(g_config.log_level, app->name);
    if (g_config.log_file[0] && log_file_open(g_config.log_file, msg, sizeof msg)) {
        fprintf(stderr, "%s: %s\n", app->name, msg);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (FCGX_Init() != 0) {
        log_error("FCGX_Init failed");
        return 1;
    }
    /* stdin is a listening socket under spawn-fcgi and mod_fcgid, a pipe under CGI. */
    bool cgi = FCGX_IsCGI();
    if (app->init && app->init() != 0) {
        log_error("start-up failed");
        return 1;
    }
    if (!cgi)
        log_info("worker ready");
    struct app_err err;
    err_clear(&err);
    /* Not fatal: the first request retries (a CGI process's one request opens it). */
    if (!cgi && app->store && app->store->open(&err))
        log_warn("database not reachable at start-up; will retry per request");
    struct serve_state st = {.counter = 0};
    arena_init(&st.arena, REQUEST_ARENA_LIMIT);
    response_init(&st.res);
    buf_init(&st.out);
    if (cgi)
        serve_cgi(app, &st);
    else
        serve_fastcgi(app, &st);
    buf_cleanup(&st.out);
    response_cleanup(&st.res);
    arena_cleanup(&st.arena);
    if (app->store)
        app->store->close();
    if (!cgi)
        log_info("worker stopped");
    return 0;
}
