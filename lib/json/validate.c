/* validate: the one place where request fields are checked. */
#include "json/validate.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "core/utf8.h"
#include "json/surrogate.h"

#define JSON_MAX_DEPTH 32

/* json-c accepts 'single-quoted' strings even in strict mode; JSON has none. */
static bool has_single_quote_outside_strings(const char *s, size_t len)
{
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        if (in_str) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_str = false;
        } else if (s[i] == '"') {
            in_str = true;
        } else if (s[i] == '\'') {
            return true;
        }
    }
    return false;
}

int json_parse_object(const char *body, size_t len, struct json_object **out, struct app_err *err)
{
    *out = NULL;
    if (!body || len == 0)
        return err_set(err, ERR_MALFORMED_JSON, "the body must be a JSON object");
    if (!utf8_valid(body, len))
        return err_set(err, ERR_MALFORMED_JSON, "the body is not valid UTF-8");
    if (has_single_quote_outside_strings(body, len))
        return err_set(err, ERR_MALFORMED_JSON, "the body is not valid JSON");
    struct json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
    if (!tok)
        return err_unavailable(err, "out of memory for the JSON parser");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(tok, body, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!o || jerr != json_tokener_success) {
        json_object_put(o);
        return err_set(err, ERR_MALFORMED_JSON, "the body is not valid JSON");
    }
    for (size_t i = used; i < len; i++)
        if (!strchr(" \t\r\n", body[i])) {
            json_object_put(o);
            return err_set(err, ERR_MALFORMED_JSON, "unexpected data after the JSON value");
        }
    if (!json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return err_set(err, ERR_MALFORMED_JSON, "the body must be a JSON object");
    }
    /* json-c reads a lone \ud800 as U+FFFD: refuse it rather than store other text. */
    char field[64];
    if (memchr(body, '\\', len) && json_lone_surrogate(body, len, field, sizeof field)) {
        json_object_put(o);
        if (!field[0])
            return err_set(err, ERR_MALFORMED_JSON, "the body holds a lone UTF-16 surrogate");
        return err_field(err, field, "must not hold a lone UTF-16 surrogate (\\ud800..\\udfff)");
    }
    *out = o;
    return 0;
}

static const char *type_word(enum field_type t)
{
    switch (t) {
    case FT_STRING:
        return "a string";
    case FT_INT:
        return "an integer";
    case FT_NUMBER:
        return "a number";
    case FT_BOOL:
        return "a boolean";
    case FT_STRING_ARRAY:
        return "an array of strings";
    }
    return "a value";
}

/* A deliberately simple shape check: one '@', no spaces or controls, a dot in the domain. */
bool validate_email_shaped(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
        return false;
    const char *domain = at + 1;
    size_t dlen = len - (size_t)(domain - s);
    const char *dot = memchr(domain, '.', dlen);
    if (!dot || dot == domain || domain[dlen - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' || s[i] == '>')
            return false;
    return true;
}

static void trim(const char **s, size_t *len)
{
    while (*len && strchr(" \t\r\n", **s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && strchr(" \t\r\n", (*s)[*len - 1]))
        (*len)--;
}

/* Check a string's characters and allowlist; fills the message on failure. */
static int check_string(const struct field_spec *f, const char *s, size_t len, char *msg,
                        size_t msglen)
{
    if (strlen(s) < len || !utf8_valid(s, len)) {
        snprintf(msg, msglen, "must be valid UTF-8 text without NUL characters");
        return -1;
    }
    bool bytes = f->flags & FS_BYTES;
    size_t count = bytes ? len : utf8_chars(s, len);
    if ((long long)count < f->min || (long long)count > f->max) {
        snprintf(msg, msglen, "must be %lld..%lld %s", f->min, f->max,
                 bytes ? "bytes" : "characters");
        return -1;
    }
    if ((f->flags & FS_IDENT) && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != len) {
        snprintf(msg, msglen, "must use only a-z, 0-9 and _");
        return -1;
    }
    if ((f->flags & FS_EMAIL) && !validate_email_shaped(s, len)) {
        snprintf(msg, msglen, "must be an e-mail address");
        return -1;
    }
    if (f->allowed) {
        for (const char *const *a = f->allowed; *a; a++)
            if (strcmp(*a, s) == 0)
                return 0;
        size_t o = (size_t)snprintf(msg, msglen, "must be one of");
        for (const char *const *a = f->allowed; *a && o < msglen; a++)
            o += (size_t)snprintf(msg + o, msglen - o, "%s %s", a == f->allowed ? "" : ",", *a);
        return -1;
    }
    return 0;
}

static int check_array(const struct field_spec *f, json_object *v, char *msg, size_t msglen)
{
    size_t n = json_object_array_length(v);
    if ((long long)n < f->min || (long long)n > f->max) {
        snprintf(msg, msglen, "must hold %lld..%lld items", f->min, f->max);
        return -1;
    }
    struct field_spec item = {f->name, FT_STRING, 0,   (long long)f->dmin, (long long)f->dmax,
                              0,       0,         NULL};
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        char sub[120];
        if (!json_object_is_type(e, json_type_string) ||
            check_string(&item, json_object_get_string(e), (size_t)json_object_get_string_len(e),
                         sub, sizeof sub)) {
            snprintf(msg, msglen, "item %zu %s", i,
                     json_object_is_type(e, json_type_string) ? sub : "must be a string");
            return -1;
        }
    }
    return 0;
}

static int check_json_field(const struct field_spec *f, json_object *v, struct field_value *out,
                            char *msg, size_t msglen)
{
    switch (f->type) {
    case FT_STRING:
        if (!json_object_is_type(v, json_type_string))
            break;
        out->s = json_object_get_string(v);
        out->len = (size_t)json_object_get_string_len(v);
        if (strlen(out->s) != out->len) {
            snprintf(msg, msglen, "must not contain NUL characters");
            return -1;
        }
        if (f->flags & FS_TRIM)
            trim(&out->s, &out->len);
        return check_string(f, out->s, out->len, msg, msglen);
    case FT_INT:
        if (!json_object_is_type(v, json_type_int))
            break;
        out->i = json_object_get_int64(v);
        if (out->i < f->min || out->i > f->max) {
            snprintf(msg, msglen, "must be %lld..%lld", f->min, f->max);
            return -1;
        }
        return 0;
    case FT_NUMBER:
        if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
            break;
        out->d = json_object_get_double(v);
        if (!(out->d >= f->dmin && out->d <= f->dmax)) {
            snprintf(msg, msglen, "must be %g..%g", f->dmin, f->dmax);
            return -1;
        }
        return 0;
    case FT_BOOL:
        if (!json_object_is_type(v, json_type_boolean))
            break;
        out->b = json_object_get_boolean(v);
        return 0;
    case FT_STRING_ARRAY:
        if (!json_object_is_type(v, json_type_array))
            break;
        out->arr = v;
        return check_array(f, v, msg, msglen);
    }
    snprintf(msg, msglen, "must be %s", type_word(f->type));
    return -1;
}

int validate_json(struct json_object *obj, const struct field_spec *spec, size_t n,
                  struct field_value *out, struct app_err *err)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct field_spec *f = &spec[i];
        memset(&out[i], 0, sizeof out[i]);
        json_object *v = NULL;
        bool has = obj && json_object_object_get_ex(obj, f->name, &v);
        char msg[160];
        if (!has) {
            if (f->flags & FS_REQUIRED)
                bad = err_field(err, f->name, "is required");
            continue;
        }
        out[i].present = true;
        if (v == NULL) { /* JSON null */
            out[i].is_null = true;
            if (!(f->flags & FS_NULLABLE))
                bad = err_field(err, f->name, "must not be null");
            continue;
        }
        if (check_json_field(f, v, &out[i], msg, sizeof msg))
            bad = err_field(err, f->name, "%s", msg);
    }
    return bad;
}

static int check_query_field(const struct field_spec *f, const char *s, struct field_value *out,
                             char *msg, size_t msglen)
{
    out->s = s;
    out->len = strlen(s);
    switch (f->type) {
    case FT_STRING:
        return check_string(f, s, out->len, msg, msglen);
    case FT_INT:
        if (num_parse_ll(s, f->min, f->max, &out->i) == 0)
            return 0;
        snprintf(msg, msglen, "must be an integer in %lld..%lld", f->min, f->max);
        return -1;
    case FT_NUMBER:
        if (num_parse_double(s, f->dmin, f->dmax, &out->d) == 0)
            return 0;
        snprintf(msg, msglen, "must be a number in %g..%g", f->dmin, f->dmax);
        return -1;
    case FT_BOOL:
        if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
            out->b = s[0] == 't';
            return 0;
        }
        snprintf(msg, msglen, "must be true or false");
        return -1;
    case FT_STRING_ARRAY:
        break;
    }
    snprintf(msg, msglen, "is not supported as a query parameter");
    return -1;
}

int validate_query(const struct kv *query, size_t nquery, const struct field_spec *spec, size_t n,
                   struct field_value *out, struct app_err *err)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct field_spec *f = &spec[i];
        memset(&out[i], 0, sizeof out[i]);
        const char *s = kv_get(query, nquery, f->name);
        if (!s || (!*s && !(f->flags & FS_REQUIRED)))
            continue; /* "?intent=" means no filter */
        out[i].present = true;
        char msg[160];
        if (check_query_field(f, s, &out[i], msg, sizeof msg)) {
            if (!err_is_set(err))
                err_set(err, ERR_BAD_REQUEST, "query parameter %s %s", f->name, msg);
            bad = -1;
        }
    }
    return bad;
}
