/* fuzz_json: the JSON body parser and the field tables (validate_json, validate_query). */
#include <json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "fuzz.h"
#include "http/request.h"
#include "json/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_json_prio[] = {"low", "normal", "high", "urgent", NULL};

/* One field of every type and every flag, shaped like the tables of the API. */
static const struct field_spec fuzz_json_spec[] = {
    {"subject", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 200, 0, 0, NULL},
    {"body", FT_STRING, 0, 1, 20000, 0, 0, NULL},
    {"priority", FT_STRING, 0, 1, 16, 0, 0, fuzz_json_prio},
    {"email", FT_STRING, FS_EMAIL | FS_TRIM, 3, 254, 0, 0, NULL},
    {"name", FT_STRING, FS_IDENT, 1, 64, 0, 0, NULL},
    {"password", FT_STRING, FS_BYTES, 8, 72, 0, 0, NULL},
    {"comment", FT_STRING, FS_NULLABLE, 0, 2000, 0, 0, NULL},
    {"rating", FT_INT, FS_NULLABLE, 1, 5, 0, 0, NULL},
    {"assignee_id", FT_INT, 0, 1, (1LL << 62), 0, 0, NULL},
    {"threshold", FT_NUMBER, 0, 0, 0, 0.0, 1.0, NULL},
    {"helpful", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    {"examples", FT_STRING_ARRAY, 0, 0, 50, 1, 500, NULL},
};
#define FUZZ_JSON_N (sizeof fuzz_json_spec / sizeof fuzz_json_spec[0])

/* What validate_* promise about a field it accepted. */
static void fuzz_json_check(const struct field_value *v, const struct app_err *err)
{
    FUZZ_CHECK(err->code == ERR_NONE);
    for (size_t i = 0; i < FUZZ_JSON_N; i++) {
        const struct field_spec *f = &fuzz_json_spec[i];
        if (!v[i].present || v[i].is_null)
            continue;
        if (f->type == FT_STRING) {
            FUZZ_CHECK(v[i].s != NULL);
            FUZZ_CHECK(utf8_valid(v[i].s, v[i].len));
            size_t n = f->flags & FS_BYTES ? v[i].len : utf8_chars(v[i].s, v[i].len);
            FUZZ_CHECK((long long)n >= f->min && (long long)n <= f->max);
        } else if (f->type == FT_INT) {
            FUZZ_CHECK(v[i].i >= f->min && v[i].i <= f->max);
        } else if (f->type == FT_NUMBER) {
            FUZZ_CHECK(v[i].d >= f->dmin && v[i].d <= f->dmax);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_err err;
    struct field_value v[FUZZ_JSON_N];

    /* As a JSON body. */
    err_clear(&err);
    struct json_object *obj = NULL;
    if (json_parse_object((const char *)data, size, &obj, &err) == 0) {
        FUZZ_CHECK(obj && json_object_is_type(obj, json_type_object));
        memset(v, 0, sizeof v);
        if (validate_json(obj, fuzz_json_spec, FUZZ_JSON_N, v, &err) == 0)
            fuzz_json_check(v, &err);
        else
            FUZZ_CHECK(err_is_set(&err));
        json_object_put(obj);
    } else {
        FUZZ_CHECK(obj == NULL && err_is_set(&err));
    }

    /* As a query string. */
    struct arena a;
    arena_init(&a, 1 << 22);
    char *qs = fuzz_cstr(data, size);
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = &a;
    req.query_string = qs;
    err_clear(&err);
    if (request_parse_form(&a, qs, req.query, REQ_MAX_QUERY, &req.nquery, &err) == 0) {
        memset(v, 0, sizeof v);
        if (validate_query(req.query, req.nquery, fuzz_json_spec, FUZZ_JSON_N, v, &err) == 0)
            fuzz_json_check(v, &err);
        else
            FUZZ_CHECK(err_is_set(&err));
    }
    free(qs);
    arena_cleanup(&a);
    return 0;
}
