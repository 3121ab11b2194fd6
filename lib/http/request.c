/* request: parsing FastCGI parameters, query strings, cookies and the body. */
#include "http/request.h"

#include <json.h>
#include <string.h>

#include "core/num.h"

const char *request_env(const struct request *req, const char *name)
{
    if (!req->envp)
        return NULL;
    size_t n = strlen(name);
    for (char *const *e = req->envp; *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

const char *request_header(const struct request *req, const char *cgi_name)
{
    char name[128];
    if (strlen(cgi_name) > sizeof name - 6)
        return NULL;
    strcpy(name, "HTTP_");
    strcat(name, cgi_name);
    return request_env(req, name);
}

const char *request_query(const struct request *req, const char *key)
{
    return kv_get(req->query, req->nquery, key);
}

const char *request_cookie(const struct request *req, const char *name)
{
    return kv_get(req->cookies, req->ncookies, name);
}

const char *request_param(const struct request *req, size_t i)
{
    return i < req->nparams ? req->params[i] : NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *request_decode(struct arena *a, const char *s, size_t len, bool plus_is_space,
                     struct app_err *err)
{
    char *out = arena_alloc(a, len + 1);
    if (!out) {
        err_unavailable(err, "out of memory decoding");
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                err_set(err, ERR_BAD_REQUEST, "bad percent-encoding in the request");
                return NULL;
            }
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out[o++] = ' ';
        } else if (c == '\0') {
            err_set(err, ERR_BAD_REQUEST, "NUL byte in the request");
            return NULL;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    return out;
}

int request_parse_form(struct arena *a, const char *s, struct kv *out, size_t max, size_t *n,
                       struct app_err *err)
{
    *n = 0;
    while (s && *s) {
        const char *amp = strchr(s, '&');
        size_t len = amp ? (size_t)(amp - s) : strlen(s);
        if (len > 0) {
            if (*n >= max)
                return err_set(err, ERR_BAD_REQUEST, "too many parameters (at most %zu)", max);
            const char *eq = memchr(s, '=', len);
            size_t klen = eq ? (size_t)(eq - s) : len;
            char *k = request_decode(a, s, klen, true, err);
            char *v =
                eq ? request_decode(a, eq + 1, len - klen - 1, true, err) : arena_strdup(a, "");
            if (!k || !v)
                return err_is_set(err) ? -1 : err_unavailable(err, "out of memory");
            out[*n].key = k;
            out[*n].val = v;
            (*n)++;
        }
        s = amp ? amp + 1 : NULL;
    }
    return 0;
}

int request_parse_cookies(struct arena *a, const char *s, struct kv *out, size_t max, size_t *n)
{
    *n = 0;
    while (s && *s && *n < max) {
        while (*s == ' ' || *s == ';')
            s++;
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        if (eq && eq > s) {
            const char *v = eq + 1;
            size_t vlen = len - (size_t)(v - s);
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
                v++;
                vlen -= 2;
            }
            out[*n].key = arena_strndup(a, s, (size_t)(eq - s));
            out[*n].val = arena_strndup(a, v, vlen);
            if (!out[*n].key || !out[*n].val)
                return -1;
            (*n)++;
        }
        s = end ? end + 1 : NULL;
    }
    return 0;
}

int request_parse(struct request *req, struct app_err *err)
{
    req->method = request_env(req, "REQUEST_METHOD");
    if (!req->method || !*req->method)
        return err_set(err, ERR_BAD_REQUEST, "missing request method");
    const char *uri = request_env(req, "REQUEST_URI");
    if (!uri || *uri != '/')
        uri = "/";
    size_t plen = strcspn(uri, "?#");
    req->path = request_decode(req->arena, uri, plen, false, err);
    if (!req->path)
        return -1;
    req->query_string = request_env(req, "QUERY_STRING");
    if (request_parse_form(req->arena, req->query_string, req->query, REQ_MAX_QUERY, &req->nquery,
                           err))
        return -1;
    if (request_parse_cookies(req->arena, request_header(req, "COOKIE"), req->cookies,
                              REQ_MAX_COOKIES, &req->ncookies))
        return err_unavailable(err, "out of memory parsing cookies");
    req->content_type = request_env(req, "CONTENT_TYPE");
    req->remote_addr = request_env(req, "REMOTE_ADDR");
    /* Only the server's word counts (nginx sets HTTPS behind TLS); a client's
     * X-Forwarded-Proto is not trusted. */
    const char *https = request_env(req, "HTTPS");
    req->https = https && *https && strcmp(https, "off") != 0;
    return 0;
}

int request_read_body(struct request *req, long long max, request_read_fn fn, void *ctx,
                      struct app_err *err)
{
    const char *cl = request_env(req, "CONTENT_LENGTH");
    long long len = 0;
    if (cl && *cl && num_parse_ll(cl, 0, (long long)1 << 40, &len))
        return err_set(err, ERR_BAD_REQUEST, "Content-Length is not a number");
    if (len > max)
        return err_set(err, ERR_TOO_LARGE, "the body exceeds %lld bytes", max);
    if (len == 0)
        return 0;
    char *body = arena_alloc(req->arena, (size_t)len + 1);
    if (!body)
        return err_unavailable(err, "out of memory for a %lld byte body", len);
    size_t got = 0;
    while (got < (size_t)len) {
        int n = fn(ctx, body + got, (int)((size_t)len - got));
        if (n < 0)
            return err_set(err, ERR_BAD_REQUEST, "the body could not be read");
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got != (size_t)len)
        return err_set(err, ERR_BAD_REQUEST, "the body is shorter than its Content-Length");
    body[got] = '\0';
    req->body = body;
    req->body_len = got;
    return 0;
}
