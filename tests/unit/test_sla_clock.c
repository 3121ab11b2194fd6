/* test_sla_clock: what every status change does to the SLA's resolution clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include "ticket/sla.h"

static void test_every_change(void **state)
{
    (void)state;
    /* The clock runs while the desk has the ticket (OPEN, REOPENED), stands still
     * otherwise; leaving PENDING always settles the wait. */
    static const struct {
        enum ticket_status from, to;
        enum sla_clock want;
    } cases[] = {
        {TS_OPEN, TS_REOPENED, SLA_CLOCK_KEEP},
        {TS_OPEN, TS_OPEN, SLA_CLOCK_KEEP},
        {TS_OPEN, TS_PENDING, SLA_CLOCK_STOP},
        {TS_OPEN, TS_RESOLVED, SLA_CLOCK_STOP},
        {TS_OPEN, TS_CLOSED, SLA_CLOCK_STOP},
        {TS_REOPENED, TS_PENDING, SLA_CLOCK_STOP},
        {TS_REOPENED, TS_RESOLVED, SLA_CLOCK_STOP},
        {TS_PENDING, TS_OPEN, SLA_CLOCK_START},
        {TS_PENDING, TS_REOPENED, SLA_CLOCK_START},
        {TS_PENDING, TS_PENDING, SLA_CLOCK_KEEP},
        {TS_PENDING, TS_RESOLVED, SLA_CLOCK_SETTLE},
        {TS_PENDING, TS_CLOSED, SLA_CLOCK_SETTLE},
        {TS_RESOLVED, TS_REOPENED, SLA_CLOCK_START},
        {TS_AUTO_RESOLVED, TS_REOPENED, SLA_CLOCK_START},
        {TS_AUTO_RESOLVED, TS_CLOSED, SLA_CLOCK_KEEP},
        {TS_RESOLVED, TS_CLOSED, SLA_CLOCK_KEEP},
        {TS_RESOLVED, TS_PENDING, SLA_CLOCK_KEEP},
        {TS_CLOSED, TS_OPEN, SLA_CLOCK_START},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum sla_clock got = sla_clock_change(cases[i].from, cases[i].to);
        if (got != cases[i].want)
            fail_msg("%s -> %s: %d, want %d", ticket_status_name(cases[i].from),
                     ticket_status_name(cases[i].to), got, cases[i].want);
    }
}

static void test_next_due(void **state)
{
    (void)state;
    struct ticket t = {.status = TS_OPEN,
                       .first_response_due_at = "2026-11-23T10:00:00Z",
                       .resolution_due_at = "2026-11-24T10:00:00Z"};
    time_t before, after, noon;
    assert_true(sla_parse_time("2026-11-23T12:00:00Z", &noon));
    /* No first response yet: that is what is due, and at noon it is overdue. */
    assert_string_equal(sla_next_due(&t), "2026-11-23T10:00:00Z");
    assert_true(sla_overdue(&t, noon));
    t.first_response_at = "2026-11-23T09:00:00Z";
    assert_string_equal(sla_next_due(&t), "2026-11-24T10:00:00Z");
    assert_false(sla_overdue(&t, noon));
    assert_true(sla_parse_time("2026-11-24T09:59:59Z", &before));
    assert_true(sla_parse_time("2026-11-24T10:00:01Z", &after));
    assert_false(sla_overdue(&t, before));
    assert_true(sla_overdue(&t, after));
    t.status = TS_PENDING; /* stopped: nothing due */
    assert_null(sla_next_due(&t));
    assert_false(sla_overdue(&t, after));
    t.status = TS_REOPENED;
    t.resolution_due_at = NULL;
    assert_null(sla_next_due(&t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_change),
        cmocka_unit_test(test_next_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
