/* test_validate: the field table — types, lengths in characters, ranges, enums, UTF-8, JSON parse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <json.h>
#include <string.h>

#include "core/utf8.h"
#include "json/surrogate.h"
#include "json/validate.h"

static const char *const prio[] = {"low", "normal", "high", NULL};
enum { F_SUBJECT, F_PRIORITY, F_COUNT, F_RATIO, F_FLAG, F_TAGS, F_NOTE, F_EMAIL, F_PW };
static const struct field_spec spec[] = {
    [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 5, 0, 0, NULL},
    [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 10, 0, 0, prio},
    [F_COUNT] = {"count", FT_INT, 0, 1, 100, 0, 0, NULL},
    [F_RATIO] = {"ratio", FT_NUMBER, FS_NULLABLE, 0, 0, 0.0, 1.0, NULL},
    [F_FLAG] = {"flag", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    [F_TAGS] = {"tags", FT_STRING_ARRAY, 0, 0, 2, 1, 3, NULL},
    [F_NOTE] = {"note", FT_STRING, FS_TRIM, 1, 3, 0, 0, NULL},
    [F_EMAIL] = {"email", FT_STRING, FS_EMAIL, 3, 50, 0, 0, NULL},
    [F_PW] = {"pw", FT_STRING, FS_BYTES, 1, 4, 0, 0, NULL},
};
#define N (sizeof spec / sizeof spec[0])

static int run(const char *json, struct field_value *v, struct app_err *err)
{
    json_object *o = NULL;
    err_clear(err);
    if (json_parse_object(json, strlen(json), &o, err))
        return -2;
    int rc = validate_json(o, spec, N, v, err);
    json_object_put(o);
    return rc;
}

static bool has_field_error(const struct app_err *e, const char *field)
{
    for (int i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].field, field) == 0)
            return true;
    return false;
}

static void test_valid(void **state)
{
    (void)state;
    struct field_value v[N];
    struct app_err err;
    assert_int_equal(
        run("{\"subject\":\"héllo\",\"priority\":\"high\",\"count\":100,"
            "\"ratio\":null,\"flag\":false,\"tags\":[\"a\",\"bcd\"],\"note\":\"  ab \","
            "\"email\":\"a@b.co\",\"pw\":\"abcd\",\"unknown\":1}",
            v, &err),
        0);
    assert_true(v[F_SUBJECT].present);
    assert_int_equal(v[F_COUNT].i, 100);
    assert_true(v[F_RATIO].is_null);
    assert_false(v[F_FLAG].b);
    assert_int_equal(v[F_NOTE].len, 2);
    assert_memory_equal(v[F_NOTE].s, "ab", 2);
}

static void test_every_error_named(void **state)
{
    (void)state;
    struct field_value v[N];
    struct app_err err;
    assert_int_equal(run("{\"priority\":\"mega\",\"count\":101,\"ratio\":1.5,\"flag\":\"yes\","
                         "\"tags\":[\"a\",\"b\",\"c\"],\"note\":\"    \",\"email\":\"nope\","
                         "\"pw\":\"ééé\"}",
                         v, &err),
                     -1);
    assert_int_equal(err.code, ERR_VALIDATION);
    assert_int_equal(err_status(err.code), 422);
    const char *names[] = {"subject", "priority", "count", "ratio", "flag",
                           "tags",    "note",     "email", "pw"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_true(has_field_error(&err, names[i]));
    assert_string_equal(err.fields[0].message, "is required");
}

static void test_lengths_in_characters(void **state)
{
    (void)state;
    struct field_value v[N];
    struct app_err err;
    /* 5 characters, 10 bytes: fits */
    assert_int_equal(run("{\"subject\":\"ééééé\"}", v, &err), 0);
    assert_int_equal(run("{\"subject\":\"éééééé\"}", v, &err), -1);
    assert_true(has_field_error(&err, "subject"));
    assert_int_equal(run("{\"subject\":\"\"}", v, &err), -1);
    /* an emoji is one character */
    assert_int_equal(run("{\"subject\":\"\xf0\x9f\x98\x80\"}", v, &err), 0);
}

static void test_null_and_nul(void **state)
{
    (void)state;
    struct field_value v[N];
    struct app_err err;
    assert_int_equal(run("{\"subject\":null}", v, &err), -1);
    assert_string_equal(err.fields[0].message, "must not be null");
    assert_int_equal(run("{\"subject\":\"a\\u0000b\"}", v, &err), -1);
    assert_true(has_field_error(&err, "subject"));
    assert_int_equal(run("{\"subject\":\"ok\",\"count\":1.5}", v, &err), -1);
    assert_true(has_field_error(&err, "count"));
}

static void test_parse_errors(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "[]",
                         "42",
                         "{",
                         "{\"a\":1} x",
                         "{'a':1}",
                         "{\"a\":01}",
                         "{\"a\":\"\xff\"}",
                         "{\"a\":\"\xed\xa0\x80\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_object *o = NULL;
        struct app_err err;
        err_clear(&err);
        assert_int_equal(json_parse_object(bad[i], strlen(bad[i]), &o, &err), -1);
        assert_int_equal(err.code, ERR_MALFORMED_JSON);
        assert_null(o);
    }
    /* nesting deeper than 32 */
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, i == 0 ? "{\"a\":" : "[");
    json_object *o = NULL;
    struct app_err err;
    err_clear(&err);
    assert_int_equal(json_parse_object(deep, strlen(deep), &o, &err), -1);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(utf8_valid("plain", 5));
    assert_true(utf8_valid("\xe2\x82\xac", 3));
    assert_false(utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(utf8_valid("\xe2\x82", 2));         /* truncated */
    assert_false(utf8_valid("a\0b", 3));
    assert_int_equal(utf8_chars("h\xc3\xa9llo", 6), 5);
    assert_int_equal(utf8_prefix("h\xc3\xa9llo", 6, 2), 3);
}

/* A lone surrogate escape, which json-c would store as U+FFFD, is refused naming
 * its top-level member; a pair, an escaped backslash before "u" and U+FFFD itself pass. */
static void test_lone_surrogate(void **state)
{
    (void)state;
    char field[64];
    const struct {
        const char *json, *field; /* field NULL: nothing to refuse */
    } cases[] = {
        {"{\"subject\":\"a\\ud800b\"}", "subject"},
        {"{\"subject\":\"\\uDC00\"}", "subject"},
        {"{\"a\":1,\"body\":\"x\\ud83d\"}", "body"},              /* high at the end */
        {"{\"a\":\"\\\"\",\"body\":\"\\ud83d\\u0041\"}", "body"}, /* high + non-low */
        {"{\"tags\":[\"ok\",{\"k\":\"\\udfff\"}]}", "tags"},      /* nested: the top member */
        {"{\"\\ud800\":1}", ""},                                  /* in a member's name */
        {"{\"subject\":\"\\ud83d\\ude00\"}", NULL},               /* a pair: U+1F600 */
        {"{\"subject\":\"\\\\ud800\"}", NULL},                    /* an escaped backslash */
        {"{\"subject\":\"\\ufffd \\u00e9\"}", NULL},
        {"{\"subject\":\"ud800\"}", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *j = cases[i].json;
        assert_int_equal(json_lone_surrogate(j, strlen(j), field, sizeof field),
                         cases[i].field != NULL);
        if (cases[i].field)
            assert_string_equal(field, cases[i].field);
        json_object *o = NULL;
        struct app_err err;
        err_clear(&err);
        int rc = json_parse_object(j, strlen(j), &o, &err);
        if (!cases[i].field) {
            assert_int_equal(rc, 0);
            json_object_put(o);
        } else if (cases[i].field[0]) {
            assert_int_equal(err.code, ERR_VALIDATION);
            assert_string_equal(err.fields[0].field, cases[i].field);
        } else {
            assert_int_equal(err.code, ERR_MALFORMED_JSON);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_every_error_named),
        cmocka_unit_test(test_lengths_in_characters),
        cmocka_unit_test(test_null_and_nul),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_lone_surrogate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
