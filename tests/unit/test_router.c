/* test_router: pattern matching, 404 vs 405 and the Allow list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <string.h>

#include "http/router.h"

static int h(struct request *req, struct response *res, struct app_err *err)
{
    (void)req;
    (void)res;
    (void)err;
    return 0;
}

static const struct route routes[] = {
    {"GET", "/api/tickets", h, 0},
    {"POST", "/api/tickets", h, RF_JSON},
    {"GET", "/api/tickets/{id}", h, 0},
    {"PATCH", "/api/tickets/{id}", h, 0},
    {"POST", "/api/tickets/{id}/messages", h, 0},
};
#define N (sizeof routes / sizeof routes[0])

static void test_pattern(void **state)
{
    (void)state;
    const char *p[REQ_MAX_PARAMS];
    size_t n;
    assert_true(router_pattern_match("/a/{x}/b", "/a/12/b", NULL, p, &n));
    assert_int_equal(n, 1);
    assert_false(router_pattern_match("/a/{x}/b", "/a//b", NULL, p, &n));
    assert_false(router_pattern_match("/a/{x}", "/a/1/2", NULL, p, &n));
    assert_false(router_pattern_match("/a", "/a/", NULL, p, &n));
    assert_false(router_pattern_match("/a/b", "/a", NULL, p, &n));
    assert_true(router_pattern_match("/", "/", NULL, p, &n));
}

static void test_match_params(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct request req = {.arena = &a};
    struct app_err err;
    err_clear(&err);
    char allow[64];
    const struct route *r =
        router_match(routes, N, "POST", "/api/tickets/42/messages", &req, allow, 64, &err);
    assert_non_null(r);
    assert_ptr_equal(r, &routes[4]);
    assert_int_equal(req.nparams, 1);
    assert_string_equal(req.params[0], "42");
    arena_cleanup(&a);
}

static void test_404_405(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct request req = {.arena = &a};
    struct app_err err;
    char allow[64];
    err_clear(&err);
    assert_null(router_match(routes, N, "GET", "/api/nope", &req, allow, 64, &err));
    assert_int_equal(err.code, ERR_NOT_FOUND);
    err_clear(&err);
    assert_null(router_match(routes, N, "DELETE", "/api/tickets/7", &req, allow, 64, &err));
    assert_int_equal(err.code, ERR_METHOD_NOT_ALLOWED);
    assert_string_equal(allow, "GET, PATCH");
    assert_int_equal(err_status(err.code), 405);
    err_clear(&err);
    assert_null(router_match(routes, N, "PUT", "/api/tickets", &req, allow, 64, &err));
    assert_string_equal(allow, "GET, POST");
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pattern),
        cmocka_unit_test(test_match_params),
        cmocka_unit_test(test_404_405),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
