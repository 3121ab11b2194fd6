/* validate: field-description tables that turn JSON bodies and query strings into typed values. */
#ifndef DESKPILOT_JSON_VALIDATE_H
#define DESKPILOT_JSON_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/kv.h"

struct json_object;

enum field_type {
    FT_STRING, /* length in characters within [min, max] */
    FT_INT,    /* integer within [min, max] */
    FT_NUMBER, /* number within [dmin, dmax] */
    FT_BOOL,
    FT_STRING_ARRAY, /* at most max items, each [dmin, dmax] characters */
};

enum field_flags {
    FS_REQUIRED = 1 << 0,
    FS_NULLABLE = 1 << 1, /* JSON null is accepted (present, is_null) */
    FS_BYTES = 1 << 2,    /* FT_STRING: min/max count bytes, not characters */
    FS_TRIM = 1 << 3,     /* FT_STRING: leading/trailing white space is not part of the value */
    FS_EMAIL = 1 << 4,    /* FT_STRING: must look like local@domain.tld */
    FS_IDENT = 1 << 5,    /* FT_STRING: only a-z, 0-9 and _ (names used in URLs and models) */
};

struct field_spec {
    const char *name;
    enum field_type type;
    unsigned flags;
    long long min, max;         /* FT_STRING: characters; FT_INT: range; arrays: item count */
    double dmin, dmax;          /* FT_NUMBER: range; FT_STRING_ARRAY: item characters */
    const char *const *allowed; /* FT_STRING: NULL-terminated allowlist, or NULL */
};

struct field_value {
    bool present;
    bool is_null;
    const char *s; /* FT_STRING: borrowed from the JSON object / query */
    size_t len;    /* bytes */
    long long i;
    double d;
    bool b;
    struct json_object *arr; /* FT_STRING_ARRAY: borrowed */
};

/* Check obj against spec[0..n): every problem becomes one field error (422
 * validation_failed); on success out[i] holds field i. Unknown keys are ignored. */
int validate_json(struct json_object *obj, const struct field_spec *spec, size_t n,
                  struct field_value *out, struct app_err *err);
/* The same rules for query parameters (text, so FT_INT/FT_NUMBER/FT_BOOL are parsed);
 * problems are 400 bad_request naming the parameter. */
int validate_query(const struct kv *query, size_t nquery, const struct field_spec *spec, size_t n,
                   struct field_value *out, struct app_err *err);

/* Parse a request body as one JSON object: malformed JSON, invalid UTF-8, depth
 * over 32 or a non-object is 400 malformed_json. The caller owns *out (json_object_put). */
/* The FS_EMAIL rule: one '@' with text before it, a dotted domain after it, no
 * blanks, control characters or angle brackets. */
bool validate_email_shaped(const char *s, size_t len);

int json_parse_object(const char *body, size_t len, struct json_object **out, struct app_err *err);

#endif
