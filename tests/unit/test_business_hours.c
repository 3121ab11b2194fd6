/* test_business_hours: SLA due times across nights, weekends, zones and DST changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdlib.h>
#include <string.h>

#include "ticket/business_hours.h"

/* A UTC instant. */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    struct tm t = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return timegm(&t);
}

static struct bh_schedule sched(const char *spec)
{
    struct bh_schedule s;
    const char *why = NULL;
    if (!bh_parse(spec, &s, &why))
        fail_msg("refused %s: %s", spec, why);
    return s;
}

static void add_is(const char *spec, const char *zone, time_t start, long long minutes, time_t want)
{
    struct bh_schedule s = sched(spec);
    time_t due = 0;
    assert_int_equal(bh_add(start, minutes * 60, &s, zone, &due), 0);
    if (due != want)
        fail_msg("%s %s +%lld min: got %lld, want %lld (off by %lld s)", spec, zone, minutes,
                 (long long)due, (long long)want, (long long)(due - want));
}

static void test_parse(void **state)
{
    (void)state;
    struct bh_schedule s = sched("mon-fri 09:00-17:00, sat 10:00-14:00");
    assert_int_equal(s.open[1], 9 * 60);
    assert_int_equal(s.close[5], 17 * 60);
    assert_int_equal(s.open[6], 10 * 60);
    assert_true(s.close[0] <= s.open[0]); /* Sunday closed */
    s = sched("FRI-MON 00:00-24:00");     /* wraps over the weekend */
    assert_int_equal(s.close[0], 1440);
    assert_int_equal(s.close[1], 1440);
    assert_true(s.close[3] <= s.open[3]);
    s = sched("mon-sun 08:00-18:00, sun 10:00-12:00"); /* a later entry replaces */
    assert_int_equal(s.open[0], 600);
    const char *bad[] = {"",
                         "   ",
                         "monday 09:00-17:00",
                         "mon 9:00-17:00",
                         "mon 09:00-25:00",
                         "mon 09:00-24:01",
                         "mon 09:60-10:00",
                         "mon 17:00-09:00",
                         "mon 09:00-09:00",
                         "mon-xyz 09:00-17:00",
                         "mon 09:00-17:00 tue 09:00-17:00",
                         "09:00-17:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = NULL;
        if (bh_parse(bad[i], &s, &why))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_non_null(why);
    }
    char longer[BH_SPEC_MAX + 20];
    memset(longer, ' ', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    memcpy(longer + BH_SPEC_MAX, "mon 09:00-17:00", 15);
    const char *why = NULL;
    assert_false(bh_parse(longer, &s, &why));
}

static void test_zones(void **state)
{
    (void)state;
    assert_true(bh_zone_valid("UTC"));
    assert_true(bh_zone_valid("Europe/Paris"));
    assert_true(bh_zone_valid("America/New_York"));
    const char *bad[] = {"",
                         "Mars/Olympus",
                         "../etc/passwd",
                         "/etc/passwd",
                         "Europe/../UTC",
                         "Europe/Paris ",
                         "Europe\\Paris",
                         "Europe/Paris;rm"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (bh_zone_valid(bad[i]))
            fail_msg("accepted zone \"%s\"", bad[i]);
    struct bh_schedule s = sched("mon-fri 09:00-17:00");
    time_t due;
    assert_int_equal(bh_add(utc(2026, 11, 23, 8, 0), 60, &s, "Mars/Olympus", &due), -1);
    assert_int_equal(bh_between(0, 1000, &s, "Nowhere"), -1);
}

static void test_within_a_day_and_over_nights(void **state)
{
    (void)state;
    const char *wk = "mon-fri 09:00-17:00";
    /* Monday 2026-11-23, Paris is UTC+1: 08:00 UTC is 09:00 local. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 23, 8, 0), 60, utc(2026, 11, 23, 9, 0));
    /* Before opening: the clock starts at 09:00 local. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 23, 5, 0), 30, utc(2026, 11, 23, 8, 30));
    /* Exactly a day's hours ends at closing, not the next morning. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 23, 8, 0), 480, utc(2026, 11, 23, 16, 0));
    /* Over the night: 1 h on Monday, 1 h on Tuesday. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 23, 15, 0), 120, utc(2026, 11, 24, 9, 0));
    /* After closing: Tuesday morning. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 23, 20, 0), 15, utc(2026, 11, 24, 8, 15));
    /* The same local hours in New York (UTC-5 in November). */
    add_is(wk, "America/New_York", utc(2026, 11, 23, 13, 0), 30, utc(2026, 11, 23, 14, 30));
    add_is(wk, "UTC", utc(2026, 11, 23, 16, 30), 60, utc(2026, 11, 24, 9, 30));
    /* Zero minutes: the first business instant. */
    add_is(wk, "UTC", utc(2026, 11, 28, 12, 0), 0, utc(2026, 11, 30, 9, 0));
}

static void test_weekends(void **state)
{
    (void)state;
    const char *wk = "mon-fri 09:00-17:00";
    /* Friday 2026-11-27 16:30 Paris: 30 min left on Friday, 30 on Monday. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 27, 15, 30), 60, utc(2026, 11, 30, 8, 30));
    /* Filed on Saturday and on Sunday: both count from Monday 09:00. */
    add_is(wk, "Europe/Paris", utc(2026, 11, 28, 11, 0), 60, utc(2026, 11, 30, 9, 0));
    add_is(wk, "Europe/Paris", utc(2026, 11, 29, 22, 0), 60, utc(2026, 11, 30, 9, 0));
    /* Three business days = 24 hours, Friday noon to Wednesday noon. */
    add_is(wk, "UTC", utc(2026, 11, 27, 12, 0), 24 * 60, utc(2026, 12, 2, 12, 0));
    /* A Saturday schedule of its own. */
    add_is("mon-fri 09:00-17:00, sat 10:00-12:00", "UTC", utc(2026, 11, 27, 16, 0), 120,
           utc(2026, 11, 28, 11, 0));
}

static void test_dst(void **state)
{
    (void)state;
    const char *wk = "mon-fri 09:00-17:00";
    /* Spring: Paris moves to UTC+2 on Sunday 2026-03-29. Friday 16:00 local (15:00 UTC)
     * + 2 h: 1 h on Friday, then Monday 09:00 local = 07:00 UTC + 1 h. */
    add_is(wk, "Europe/Paris", utc(2026, 3, 27, 15, 0), 120, utc(2026, 3, 30, 8, 0));
    /* Autumn: back to UTC+1 on Sunday 2026-10-25. Friday 16:00 local (14:00 UTC) + 2 h:
     * Monday 09:00 local = 08:00 UTC + 1 h. */
    add_is(wk, "Europe/Paris", utc(2026, 10, 23, 14, 0), 120, utc(2026, 10, 26, 9, 0));
    /* New York changes on another day (2026-03-08): Friday 16:00 EST (21:00 UTC) + 2 h
     * ends Monday 10:00 EDT = 14:00 UTC. */
    add_is(wk, "America/New_York", utc(2026, 3, 6, 21, 0), 120, utc(2026, 3, 9, 14, 0));
    /* Around the clock over the spring night: that day has 23 hours, so 24 business
     * hours are 24 real ones. */
    add_is("mon-sun 00:00-24:00", "Europe/Paris", utc(2026, 3, 28, 23, 0), 24 * 60,
           utc(2026, 3, 29, 23, 0));
    /* Opening hours in the skipped hour (02:00-03:00 local does not exist that night). */
    struct bh_schedule s = sched("sun 02:30-04:00");
    time_t due;
    assert_int_equal(bh_add(utc(2026, 3, 28, 12, 0), 30 * 60, &s, "Europe/Paris", &due), 0);
    assert_true(due > utc(2026, 3, 29, 0, 0) && due <= utc(2026, 3, 29, 2, 0));
}

static void test_between(void **state)
{
    (void)state;
    struct bh_schedule s = sched("mon-fri 09:00-17:00");
    /* Friday 16:00 to Monday 10:00, Paris: 1 h + 1 h. */
    assert_int_equal(
        bh_between(utc(2026, 11, 27, 15, 0), utc(2026, 11, 30, 9, 0), &s, "Europe/Paris"),
        2 * 3600);
    /* Over the spring change: Friday 16:00 CET to Monday 10:00 CEST. */
    assert_int_equal(
        bh_between(utc(2026, 3, 27, 15, 0), utc(2026, 3, 30, 8, 0), &s, "Europe/Paris"), 2 * 3600);
    assert_int_equal(bh_between(utc(2026, 11, 28, 0, 0), utc(2026, 11, 29, 23, 0), &s, "UTC"), 0);
    assert_int_equal(bh_between(utc(2026, 11, 30, 12, 0), utc(2026, 11, 30, 11, 0), &s, "UTC"), 0);
    /* bh_add and bh_between agree. */
    time_t start = utc(2026, 10, 22, 10, 17), due;
    assert_int_equal(bh_add(start, 1234 * 60, &s, "Europe/Paris", &due), 0);
    assert_int_equal(bh_between(start, due, &s, "Europe/Paris"), 1234 * 60);
}

static void test_long_targets(void **state)
{
    (void)state;
    /* One minute a week, a year of minutes: whole weeks are skipped, not walked. */
    add_is("mon 09:00-09:01", "UTC", utc(2026, 11, 23, 9, 0), 3, utc(2026, 12, 7, 9, 1));
    add_is("mon 09:00-09:01", "UTC", utc(2026, 11, 23, 9, 0), 52, utc(2027, 11, 15, 9, 1));
    struct bh_schedule s = sched("mon 09:00-09:01");
    time_t due;
    assert_int_equal(bh_add(utc(2026, 11, 23, 9, 0), 525600LL * 60, &s, "Europe/Paris", &due), 0);
    assert_true(due > utc(12000, 1, 1, 0, 0));
    /* Weeks of office hours, skipped: 1000 h = 25 weeks of 40 h from Monday 09:00 Paris
     * end on the 25th Friday at 17:00 (CEST by then: 15:00 UTC). */
    add_is("mon-fri 09:00-17:00", "Europe/Paris", utc(2026, 11, 23, 8, 0), 1000 * 60,
           utc(2027, 5, 14, 15, 0));
    /* bh_between over a year of office hours: 52 weeks of 40 h. */
    s = sched("mon-fri 09:00-17:00");
    assert_int_equal(
        bh_between(utc(2026, 11, 23, 8, 0), utc(2027, 11, 22, 8, 0), &s, "Europe/Paris"),
        52LL * 40 * 3600);
    /* And they agree with each other over the DST changes in between. */
    time_t start = utc(2026, 10, 1, 12, 34);
    assert_int_equal(bh_add(start, 777LL * 3600, &s, "Europe/Paris", &due), 0);
    assert_int_equal(bh_between(start, due, &s, "Europe/Paris"), 777LL * 3600);
}

static void test_tz_restored(void **state)
{
    (void)state;
    struct bh_schedule s = sched("mon-fri 09:00-17:00");
    time_t due;
    setenv("TZ", "UTC", 1);
    assert_int_equal(bh_add(utc(2026, 11, 23, 8, 0), 60, &s, "Europe/Paris", &due), 0);
    assert_string_equal(getenv("TZ"), "UTC");
    unsetenv("TZ");
    assert_int_equal(bh_add(utc(2026, 11, 23, 8, 0), 60, &s, "Asia/Tokyo", &due), 0);
    assert_null(getenv("TZ"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_within_a_day_and_over_nights),
        cmocka_unit_test(test_weekends),
        cmocka_unit_test(test_dst),
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_long_targets),
        cmocka_unit_test(test_tz_restored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
