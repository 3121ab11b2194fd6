/* request: one HTTP request as the FastCGI parameters and body describe it. */
#ifndef DESKPILOT_HTTP_REQUEST_H
#define DESKPILOT_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "core/kv.h"

struct json_object;
struct route;

#define REQ_MAX_PARAMS 4
#define REQ_MAX_QUERY 32
#define REQ_MAX_COOKIES 32

/* Everything here is borrowed until the request ends (arena or FastCGI storage). */
struct request {
    struct arena *arena;
    char *const *envp; /* FastCGI parameters, "NAME=value" */
    const char *method;
    const char *path;         /* percent-decoded path, without the query */
    const char *query_string; /* raw */
    struct kv query[REQ_MAX_QUERY];
    size_t nquery;
    struct kv cookies[REQ_MAX_COOKIES];
    size_t ncookies;
    const char *params[REQ_MAX_PARAMS]; /* path parameters, in pattern order */
    size_t nparams;
    const char *content_type;
    const char *remote_addr;
    const char *request_id;
    bool https;
    char *body; /* NUL-terminated; NULL when there is none */
    size_t body_len;
    struct json_object *json; /* parsed JSON body (owned; released on reset) */
    const struct route *route;
    struct principal user; /* id 0 = anonymous */
    long long csrf_ok;     /* page routes: CSRF checked */
};

/* Byte source for the body, so tests can feed one without FastCGI.
 * Returns bytes read (0 at end), or -1 on error. */
typedef int (*request_read_fn)(void *ctx, char *buf, int n);

/* A FastCGI parameter ("HTTP_COOKIE", "REMOTE_ADDR", ...) or NULL. */
const char *request_env(const struct request *req, const char *name);
/* A request header by its CGI name without HTTP_ ("AUTHORIZATION"), or NULL. */
const char *request_header(const struct request *req, const char *cgi_name);
/* A query parameter (decoded), a cookie, or a path parameter; NULL when absent. */
const char *request_query(const struct request *req, const char *key);
const char *request_cookie(const struct request *req, const char *name);
const char *request_param(const struct request *req, size_t i);

/* Fill method, path, query and cookies from req->envp. 400 on a bad percent
 * escape or a NUL byte, 400 when there are too many query parameters. */
int request_parse(struct request *req, struct app_err *err);
/* Read the body announced by CONTENT_LENGTH: missing or empty means none; not a
 * number is 400; more than max is 413; a body shorter than announced is 400. */
int request_read_body(struct request *req, long long max, request_read_fn fn, void *ctx,
                      struct app_err *err);

/* Percent-decode s[0..len) into the arena. plus_is_space for forms and queries.
 * Refuses bad escapes and %00. Returns NULL on error (err says 400) or no memory. */
char *request_decode(struct arena *a, const char *s, size_t len, bool plus_is_space,
                     struct app_err *err);
/* Parse "a=1&b=2" (application/x-www-form-urlencoded) into at most max pairs. */
int request_parse_form(struct arena *a, const char *s, struct kv *out, size_t max, size_t *n,
                       struct app_err *err);
/* Parse a Cookie header into at most max pairs (values are not decoded). */
int request_parse_cookies(struct arena *a, const char *s, struct kv *out, size_t max, size_t *n);

#endif
