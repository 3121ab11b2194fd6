/* err: recording the first failure of a request. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    int status;
    const char *name;
} err_table[] = {
    [ERR_NONE] = {200, "ok"},
    [ERR_BAD_REQUEST] = {400, "bad_request"},
    [ERR_MALFORMED_JSON] = {400, "malformed_json"},
    [ERR_UNAUTHORIZED] = {401, "unauthorized"},
    [ERR_FORBIDDEN] = {403, "forbidden"},
    [ERR_NOT_FOUND] = {404, "not_found"},
    [ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed"},
    [ERR_CONFLICT] = {409, "conflict"},
    [ERR_PRECONDITION] = {412, "precondition_failed"},
    [ERR_TOO_LARGE] = {413, "payload_too_large"},
    [ERR_UNSUPPORTED_MEDIA] = {415, "unsupported_media_type"},
    [ERR_VALIDATION] = {422, "validation_failed"},
    [ERR_RATE_LIMITED] = {429, "rate_limited"},
    [ERR_INTERNAL] = {500, "internal"},
    [ERR_UNAVAILABLE] = {503, "unavailable"},
};

int err_status(enum err_code code)
{
    return err_table[code].status;
}

const char *err_code_name(enum err_code code)
{
    return err_table[code].name;
}

const char *err_title(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Error";
    }
}

bool err_is_set(const struct app_err *e)
{
    return e->code != ERR_NONE;
}

void err_clear(struct app_err *e)
{
    memset(e, 0, sizeof *e);
}

int err_set(struct app_err *e, enum err_code code, const char *fmt, ...)
{
    if (e->code != ERR_NONE)
        return -1;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    return -1;
}

int err_internal(struct app_err *e, const char *fmt, ...)
{
    if (e->code != ERR_NONE)
        return -1;
    e->code = ERR_INTERNAL;
    snprintf(e->detail, sizeof e->detail, "an internal error occurred");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->internal, sizeof e->internal, fmt, ap);
    va_end(ap);
    return -1;
}

int err_unavailable(struct app_err *e, const char *fmt, ...)
{
    if (e->code != ERR_NONE)
        return -1;
    e->code = ERR_UNAVAILABLE;
    e->retry_after = 5;
    snprintf(e->detail, sizeof e->detail, "the service is temporarily unavailable, retry later");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->internal, sizeof e->internal, fmt, ap);
    va_end(ap);
    return -1;
}

/* One more named field on a failure of code (set when none is). */
static int add_field(struct app_err *e, enum err_code code, const char *field, const char *fmt,
                     va_list ap)
{
    if (e->code == ERR_NONE)
        e->code = code;
    if (e->code != code || e->nfields >= ERR_MAX_FIELDS)
        return -1;
    struct field_error *f = &e->fields[e->nfields++];
    snprintf(f->field, sizeof f->field, "%s", field);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    if (e->nfields == 1)
        snprintf(e->detail, sizeof e->detail, "%s %s", f->field, f->message);
    return -1;
}

int err_field(struct app_err *e, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_field(e, ERR_VALIDATION, field, fmt, ap);
    va_end(ap);
    return -1;
}

int err_field_code(struct app_err *e, enum err_code code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_field(e, code, field, fmt, ap);
    va_end(ap);
    return -1;
}

int err_bad_field(struct app_err *e, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_field(e, ERR_BAD_REQUEST, field, fmt, ap);
    va_end(ap);
    return -1;
}
