/* test_web_format: display times, status labels and escaped link building for the pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "web/web_html.h"
#include "web/web_ticket.h"

static void test_time_display(void **state)
{
    (void)state;
    char out[40];
    web_time_display("2026-11-23T22:59:32Z", out, sizeof out);
    assert_string_equal(out, "23 Nov 2026, 22:59 UTC");
    web_time_display("2026-01-05T03:04:00Z", out, sizeof out);
    assert_string_equal(out, "5 Jan 2026, 03:04 UTC");
    web_time_display("2026-13-05T03:04:00Z", out, sizeof out); /* not a date: shown as is */
    assert_string_equal(out, "2026-13-05T03:04:00Z");
    web_time_display("garbage", out, sizeof out);
    assert_string_equal(out, "garbage");
    web_time_display(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char tiny[5];
    web_time_display("2026-11-23T22:59:32Z", tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), 4);
}

static void test_status_labels(void **state)
{
    (void)state;
    assert_string_equal(web_status_label(TS_OPEN), "Open");
    assert_string_equal(web_status_label(TS_AUTO_RESOLVED), "Answered");
    assert_string_equal(web_status_label(TS_RESOLVED), "Resolved");
    assert_string_equal(web_status_label(TS_REOPENED), "Reopened");
    assert_string_equal(web_status_label(TS_CLOSED), "Closed");
}

static void test_url_escapes_every_value(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *u = web_url(&a, "/agent/tickets", "status", "OPEN", "q", "a&b=\"<x>\" c", "cursor", NULL,
                      "empty", "", NULL);
    assert_non_null(u);
    assert_string_equal(u, "/agent/tickets?status=OPEN&q=a%26b%3D%22%3Cx%3E%22%20c");
    u = web_url(&a, "/support/", "cursor", NULL, NULL);
    assert_string_equal(u, "/support/");
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_display),
        cmocka_unit_test(test_status_labels),
        cmocka_unit_test(test_url_escapes_every_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
