/* test_vec: VEC_RESERVE grows by doubling, keeps the contents, refuses overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdlib.h>

#include "core/vec.h"

static void test_grows_and_keeps_contents(void **state)
{
    (void)state;
    long long *v = NULL;
    size_t cap = 0, n = 0;
    for (long long i = 0; i < 1000; i++) {
        assert_int_equal(VEC_RESERVE(v, cap, n + 1), 0);
        v[n++] = i * i;
    }
    assert_true(cap >= 1000 && cap < 2000);
    for (size_t i = 0; i < n; i++)
        assert_true(v[i] == (long long)(i * i));
    size_t before = cap;
    assert_int_equal(VEC_RESERVE(v, cap, 10), 0); /* room already: nothing moves */
    assert_int_equal(cap, before);
    free(v);
}

static void test_refuses_overflow_and_keeps_the_array(void **state)
{
    (void)state;
    double *v = NULL;
    size_t cap = 0;
    assert_int_equal(VEC_RESERVE(v, cap, 3), 0);
    assert_int_equal(cap, 8);
    v[0] = 1.5;
    double *old = v;
    assert_int_equal(VEC_RESERVE(v, cap, SIZE_MAX / 2), -1);
    assert_ptr_equal(v, old);
    assert_int_equal(cap, 8);
    assert_true(v[0] == 1.5);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grows_and_keeps_contents),
        cmocka_unit_test(test_refuses_overflow_and_keeps_the_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
