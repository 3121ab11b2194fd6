/* test_utc_time: bounds a client may give — real dates and times only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include "core/utc_time.h"

static void test_real_times(void **state)
{
    (void)state;
    struct utc_time t;
    assert_true(utc_time_parse("2026-11-23", &t));
    assert_int_equal(t.year, 2026);
    assert_int_equal(t.month, 11);
    assert_int_equal(t.day, 23);
    assert_int_equal(t.hour + t.minute + t.second, 0);
    assert_true(utc_time_parse("2026-11-23T22:59:59Z", &t));
    assert_int_equal(t.hour, 22);
    assert_int_equal(t.minute, 59);
    assert_int_equal(t.second, 59);
    assert_true(utc_time_parse("2024-02-29", &t)); /* leap year */
    assert_true(utc_time_parse("2000-02-29", &t)); /* divisible by 400 */
    assert_true(utc_time_parse("2026-12-31T23:59:59Z", &t));
    assert_true(utc_time_parse("1970-01-01T00:00:00Z", &t));
}

static void test_impossible_or_malformed(void **state)
{
    (void)state;
    struct utc_time t;
    const char *bad[] = {
        "2026-02-31",
        "2026-02-29",
        "1900-02-29",
        "2100-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z",
        "2026-01-01T23:59:59",
        "2026-01-01 23:59:59Z",
        "2026-1-01",
        "2026-+1-01",
        "2026-01- 1",
        "1969-12-31",
        "",
        "20260101",
        "2026-01-01T23:59:59.5Z",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (utc_time_parse(bad[i], &t))
            fail_msg("accepted %s", bad[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_times),
        cmocka_unit_test(test_impossible_or_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
