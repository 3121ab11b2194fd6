/* err: the one error record a request carries from the first failure to the response. */
#ifndef DESKPILOT_CORE_ERR_H
#define DESKPILOT_CORE_ERR_H

#include <stdbool.h>

struct json_object;

/* Error codes of API.md; each maps to one HTTP status. */
enum err_code {
    ERR_NONE = 0,
    ERR_BAD_REQUEST,        /* 400 bad_request */
    ERR_MALFORMED_JSON,     /* 400 malformed_json */
    ERR_UNAUTHORIZED,       /* 401 unauthorized */
    ERR_FORBIDDEN,          /* 403 forbidden */
    ERR_NOT_FOUND,          /* 404 not_found */
    ERR_METHOD_NOT_ALLOWED, /* 405 method_not_allowed */
    ERR_CONFLICT,           /* 409 conflict */
    ERR_PRECONDITION,       /* 412 precondition_failed */
    ERR_TOO_LARGE,          /* 413 payload_too_large */
    ERR_UNSUPPORTED_MEDIA,  /* 415 unsupported_media_type */
    ERR_VALIDATION,         /* 422 validation_failed */
    ERR_RATE_LIMITED,       /* 429 rate_limited */
    ERR_INTERNAL,           /* 500 internal */
    ERR_UNAVAILABLE,        /* 503 unavailable */
};

#define ERR_MAX_FIELDS 16

struct field_error {
    char field[64];
    char message[160];
};

/* The first failure wins: later err_set calls on a set record are ignored, so the
 * root cause reaches the client and the log. */
struct app_err {
    enum err_code code;
    char detail[256];   /* public: sent to the client */
    char internal[256]; /* private: logged with the request id, never sent */
    int retry_after;    /* seconds for 429/503, 0 = none */
    int nfields;
    struct field_error fields[ERR_MAX_FIELDS];
};

/* Record an error (first one wins). detail is public; returns -1 for `return err_set(...)`. */
int err_set(struct app_err *e, enum err_code code, const char *detail_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Record an internal failure: the client sees a generic message, the log sees detail. */
int err_internal(struct app_err *e, const char *internal_fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 503 for a database or resource outage, with Retry-After. */
int err_unavailable(struct app_err *e, const char *internal_fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add a field error to a validation failure (sets ERR_VALIDATION if unset). Returns -1. */
int err_field(struct app_err *e, const char *field, const char *message_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A 400 bad_request naming what is malformed (a query parameter, a header), in
 * the same errors list. Returns -1. */
int err_bad_field(struct app_err *e, const char *field, const char *message_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A failure of another code naming its field (a 413 for a file too large), in the
 * same errors list. Returns -1. */
int err_field_code(struct app_err *e, enum err_code code, const char *field,
                   const char *message_fmt, ...) __attribute__((format(printf, 4, 5)));
bool err_is_set(const struct app_err *e);
void err_clear(struct app_err *e);
/* HTTP status, machine code and title of an error code. */
int err_status(enum err_code code);
const char *err_code_name(enum err_code code);
const char *err_title(int status);

#endif
