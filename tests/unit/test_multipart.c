/* test_multipart: multipart/form-data — fields and files, boundaries, names, and every
 * malformed shape answered 400 (or 415) instead of read past. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <string.h>

#include "http/multipart.h"

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 1u << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_cleanup(&arena);
    return 0;
}

/* Parse body with boundary "XyZ"; the status of the error, 0 when it parsed. */
static int parse(const char *body, struct multipart_part *p, size_t max, size_t *n)
{
    struct app_err err;
    err_clear(&err);
    int rc = multipart_parse(&arena, body, strlen(body), "XyZ", p, max, n, &err);
    return rc ? err_status(err.code) : 0;
}

static void test_fields_and_a_file(void **state)
{
    (void)state;
    const char *body =
        "preamble\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
        "abc\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"files\"; filename=\"C:\\\\dir\\\\shot.PNG\"\r\n"
        "Content-Type: Image/PNG; charset=x\r\n\r\n"
        "\x89PNG\r\n--Xy not yet\r\n--XyZ--\r\nepilogue";
    struct multipart_part p[4];
    size_t n = 0;
    assert_int_equal(parse(body, p, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].name, "csrf");
    assert_null(p[0].filename);
    assert_int_equal(p[0].len, 3);
    assert_memory_equal(p[0].data, "abc", 3);
    assert_string_equal(p[1].name, "files");
    assert_string_equal(p[1].filename, "shot.PNG"); /* the path is cut */
    assert_string_equal(p[1].content_type, "image/png");
    assert_int_equal(p[1].len, strlen("\x89PNG\r\n--Xy not yet"));
}

static void test_quoted_names_and_empty_file(void **state)
{
    (void)state;
    const char *body = "--XyZ\r\n"
                       "content-disposition: form-data; name=\"a;b\"; filename=\"\"\r\n\r\n"
                       "\r\n--XyZ--";
    struct multipart_part p[2];
    size_t n = 0;
    assert_int_equal(parse(body, p, 2, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].name, "a;b");
    assert_string_equal(p[0].filename, "");
    assert_int_equal(p[0].len, 0);
}

static void test_malformed_bodies(void **state)
{
    (void)state;
    struct multipart_part p[2];
    size_t n = 0;
    /* no delimiter, no closing delimiter, cut headers, LF-only lines */
    assert_int_equal(parse("just text", p, 2, &n), 400);
    assert_int_equal(
        parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", p, 2, &n), 400);
    assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"", p, 2, &n), 400);
    assert_int_equal(
        parse("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nx\n--XyZ--", p, 2, &n), 400);
    /* a part without a name, not form-data, an unterminated quote, a header without colon */
    assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", p, 2, &n),
                     400);
    assert_int_equal(
        parse("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--", p, 2, &n),
        400);
    assert_int_equal(
        parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--XyZ--", p, 2, &n),
        400);
    assert_int_equal(parse("--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--", p, 2, &n), 400);
    /* more parts than room */
    assert_int_equal(
        parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
              "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
              "--XyZ\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n--XyZ--",
              p, 2, &n),
        400);
}

static void test_too_many_or_long_headers(void **state)
{
    (void)state;
    char body[4096];
    struct multipart_part p[2];
    size_t n = 0;
    strcpy(body, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n");
    for (int i = 0; i < MULTIPART_MAX_HEADERS; i++)
        strcat(body, "X-A: b\r\n");
    strcat(body, "\r\nx\r\n--XyZ--");
    assert_int_equal(parse(body, p, 2, &n), 400);
    strcpy(body, "--XyZ\r\nContent-Disposition: form-data; name=\"");
    memset(body + strlen(body), 'a', MULTIPART_MAX_HEADER_LINE);
    body[48 + MULTIPART_MAX_HEADER_LINE] = '\0';
    strcat(body, "\"\r\n\r\nx\r\n--XyZ--");
    assert_int_equal(parse(body, p, 2, &n), 400);
}

static void test_boundary(void **state)
{
    (void)state;
    struct app_err err;
    const char *b = NULL;
    err_clear(&err);
    assert_int_equal(multipart_boundary(&arena, "multipart/form-data; boundary=abc-123", &b, &err),
                     0);
    assert_string_equal(b, "abc-123");
    assert_int_equal(
        multipart_boundary(&arena, "Multipart/Form-Data; charset=x; boundary=\"a b\"", &b, &err),
        0);
    assert_string_equal(b, "a b");
    err_clear(&err);
    assert_int_equal(multipart_boundary(&arena, "application/json", &b, &err), -1);
    assert_int_equal(err_status(err.code), 415);
    const char *bad[] = {"multipart/form-data",
                         "multipart/form-data; boundary=",
                         "multipart/form-data; boundary=\"abc",
                         "multipart/form-data; boundary=a\\b",
                         "multipart/form-data; boundary=\"ends in space \"",
                         "multipart/form-data; boundary="
                         "12345678901234567890123456789012345678901234567890123456789012345678901"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&err);
        assert_int_equal(multipart_boundary(&arena, bad[i], &b, &err), -1);
        assert_int_equal(err_status(err.code), 400);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_a_file),
        cmocka_unit_test(test_quoted_names_and_empty_file),
        cmocka_unit_test(test_malformed_bodies),
        cmocka_unit_test(test_too_many_or_long_headers),
        cmocka_unit_test(test_boundary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
