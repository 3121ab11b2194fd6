/* test_request: request parsing — percent-decoding, query, cookies, body limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <stdio.h>
#include <string.h>

#include "http/request.h"

struct feed {
    const char *data;
    size_t len, pos;
    int chunk; /* bytes per read, to exercise partial reads */
};

static int feed_read(void *ctx, char *buf, int n)
{
    struct feed *f = ctx;
    size_t left = f->len - f->pos;
    size_t take = (size_t)n < left ? (size_t)n : left;
    if (f->chunk && take > (size_t)f->chunk)
        take = (size_t)f->chunk;
    memcpy(buf, f->data + f->pos, take);
    f->pos += take;
    return (int)take;
}

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 1 << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_cleanup(&arena);
    return 0;
}

static void test_parse_basic(void **state)
{
    (void)state;
    char *env[] = {"REQUEST_METHOD=GET",
                   "REQUEST_URI=/api/tickets%2Fx?q=a+b%21&limit=5&flag",
                   "QUERY_STRING=q=a+b%21&limit=5&flag",
                   "HTTP_COOKIE=a=1; dp_token=\"xyz\"; b=",
                   "CONTENT_LENGTH=",
                   NULL};
    struct request req = {.arena = &arena, .envp = env};
    struct app_err err;
    err_clear(&err);
    assert_int_equal(request_parse(&req, &err), 0);
    assert_string_equal(req.method, "GET");
    assert_string_equal(req.path, "/api/tickets/x");
    assert_string_equal(request_query(&req, "q"), "a b!");
    assert_string_equal(request_query(&req, "limit"), "5");
    assert_string_equal(request_query(&req, "flag"), "");
    assert_null(request_query(&req, "nope"));
    assert_string_equal(request_cookie(&req, "dp_token"), "xyz");
    assert_string_equal(request_cookie(&req, "a"), "1");
    assert_string_equal(request_cookie(&req, "b"), "");
    assert_string_equal(request_header(&req, "COOKIE"), "a=1; dp_token=\"xyz\"; b=");
    arena_reset(&arena);
}

static void test_bad_percent(void **state)
{
    (void)state;
    const char *bad[] = {"%", "%4", "%zz", "a%00b", "%G1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct app_err err;
        err_clear(&err);
        assert_null(request_decode(&arena, bad[i], strlen(bad[i]), true, &err));
        assert_int_equal(err.code, ERR_BAD_REQUEST);
    }
    struct app_err err;
    err_clear(&err);
    char *ok = request_decode(&arena, "%41%62+c", 8, true, &err);
    assert_string_equal(ok, "Ab c");
    ok = request_decode(&arena, "%41+", 4, false, &err);
    assert_string_equal(ok, "A+");
    char *env[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/x", "QUERY_STRING=a=%ZZ", NULL};
    struct request req = {.arena = &arena, .envp = env};
    assert_int_equal(request_parse(&req, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    arena_reset(&arena);
}

static void test_too_many_params(void **state)
{
    (void)state;
    char qs[512] = "QUERY_STRING=";
    for (int i = 0; i < REQ_MAX_QUERY + 1; i++)
        strcat(qs, "a=1&");
    char *env[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/x", qs, NULL};
    struct request req = {.arena = &arena, .envp = env};
    struct app_err err;
    err_clear(&err);
    assert_int_equal(request_parse(&req, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    arena_reset(&arena);
}

static int read_with(const char *cl, const char *body, size_t len, int chunk, long long max,
                     struct request *req, struct app_err *err)
{
    static char clbuf[64];
    snprintf(clbuf, sizeof clbuf, "CONTENT_LENGTH=%s", cl);
    static char *env[3];
    env[0] = "REQUEST_METHOD=POST";
    env[1] = cl ? clbuf : NULL;
    env[2] = NULL;
    memset(req, 0, sizeof *req);
    req->arena = &arena;
    req->envp = env;
    err_clear(err);
    struct feed f = {body, len, 0, chunk};
    return request_read_body(req, max, feed_read, &f, err);
}

static void test_body(void **state)
{
    (void)state;
    struct request req;
    struct app_err err;
    assert_int_equal(read_with("5", "hello", 5, 2, 100, &req, &err), 0);
    assert_int_equal(req.body_len, 5);
    assert_string_equal(req.body, "hello");
    /* missing or empty Content-Length: no body */
    assert_int_equal(read_with(NULL, "x", 1, 0, 100, &req, &err), 0);
    assert_null(req.body);
    assert_int_equal(read_with("", "x", 1, 0, 100, &req, &err), 0);
    /* lying: more announced than sent */
    assert_int_equal(read_with("10", "short", 5, 0, 100, &req, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    /* not a number */
    assert_int_equal(read_with("12abc", "x", 1, 0, 100, &req, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    assert_int_equal(read_with("-1", "x", 1, 0, 100, &req, &err), -1);
    assert_int_equal(err.code, ERR_BAD_REQUEST);
    /* over the limit */
    assert_int_equal(read_with("101", "x", 1, 0, 100, &req, &err), -1);
    assert_int_equal(err.code, ERR_TOO_LARGE);
    assert_int_equal(err_status(err.code), 413);
    assert_int_equal(read_with("99999999999999999999", "x", 1, 0, 100, &req, &err), -1);
    arena_reset(&arena);
}

static void test_form(void **state)
{
    (void)state;
    struct kv kv[4];
    size_t n;
    struct app_err err;
    err_clear(&err);
    assert_int_equal(request_parse_form(&arena, "a=1&&b=x%20y&c", kv, 4, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(kv[1].key, "b");
    assert_string_equal(kv[1].val, "x y");
    assert_string_equal(kv[2].val, "");
    assert_int_equal(request_parse_form(&arena, "a&b&c&d&e", kv, 4, &n, &err), -1);
    arena_reset(&arena);
}

static void test_roles(void **state)
{
    (void)state;
    assert_int_equal(role_parse("admin"), ROLE_ADMIN);
    assert_int_equal(role_parse("Admin"), ROLE_NONE);
    assert_int_equal(role_parse(NULL), ROLE_NONE);
    assert_string_equal(role_name(ROLE_AGENT), "agent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_basic),
        cmocka_unit_test(test_bad_percent),
        cmocka_unit_test(test_too_many_params),
        cmocka_unit_test(test_body),
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
