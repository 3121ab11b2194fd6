/* test_lifecycle: every (status, event, role) triple against the rules of API.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <stdio.h>

#include "ticket/lifecycle.h"

/* The expected outcome written out independently of the implementation. */
static enum transition_refusal expect(enum ticket_status s, enum ticket_event e, enum role r,
                                      enum ticket_status *next)
{
    bool staff = r == ROLE_AGENT || r == ROLE_ADMIN;
    bool answered = s == TS_AUTO_RESOLVED || s == TS_RESOLVED;
    *next = s;
    if (r == ROLE_NONE)
        return TR_FORBIDDEN;
    switch (e) {
    case TE_MESSAGE:
        if (s == TS_CLOSED)
            return TR_CONFLICT;
        if (r == ROLE_CUSTOMER && answered)
            *next = TS_REOPENED;
        if (r == ROLE_CUSTOMER && s == TS_PENDING)
            *next = TS_OPEN;
        if (staff && !answered)
            *next = TS_PENDING;
        return TR_OK;
    case TE_NOTE:
        return staff ? TR_OK : TR_FORBIDDEN;
    case TE_RESOLVE:
        if (!staff)
            return TR_FORBIDDEN;
        if (s == TS_CLOSED)
            return TR_CONFLICT;
        *next = TS_RESOLVED;
        return TR_OK;
    case TE_FEEDBACK_YES:
    case TE_FEEDBACK_NO:
        if (r != ROLE_CUSTOMER)
            return TR_FORBIDDEN;
        if (!answered)
            return TR_CONFLICT; /* includes CLOSED: no more feedback */
        *next = e == TE_FEEDBACK_YES ? TS_CLOSED : TS_REOPENED;
        return TR_OK;
    case TE_SET_AUTO_RESOLVED:
        return TR_INVALID;
    case TE_SET_OPEN:
        *next = staff ? TS_OPEN : s;
        return staff ? TR_OK : TR_FORBIDDEN;
    case TE_SET_RESOLVED:
        *next = staff ? TS_RESOLVED : s;
        return staff ? TR_OK : TR_FORBIDDEN;
    case TE_SET_REOPENED:
        *next = staff ? TS_REOPENED : s;
        return staff ? TR_OK : TR_FORBIDDEN;
    case TE_SET_CLOSED:
        *next = staff ? TS_CLOSED : s;
        return staff ? TR_OK : TR_FORBIDDEN;
    case TE_SET_PENDING:
        *next = staff ? TS_PENDING : s;
        return staff ? TR_OK : TR_FORBIDDEN;
    default:
        return TR_INVALID;
    }
}

static void test_every_pair(void **state)
{
    (void)state;
    int checked = 0;
    for (int s = 0; s < TS_COUNT; s++)
        for (int e = 0; e < TE_COUNT; e++)
            for (int r = ROLE_NONE; r <= ROLE_ADMIN; r++) {
                enum ticket_status want_next, got_next;
                const char *why = NULL;
                enum transition_refusal want = expect(s, e, r, &want_next);
                enum transition_refusal got = ticket_transition(s, e, r, &got_next, &why);
                if (got != want || got_next != want_next) {
                    fprintf(stderr, "status %s event %d role %d: got %d/%s want %d/%s\n",
                            ticket_status_name(s), e, r, got, ticket_status_name(got_next), want,
                            ticket_status_name(want_next));
                    fail();
                }
                assert_non_null(why);
                if (got != TR_OK)
                    assert_true(why[0] != '\0');
                checked++;
            }
    assert_int_equal(checked, TS_COUNT * TE_COUNT * 4);
}

static void test_key_rules(void **state)
{
    (void)state;
    enum ticket_status n;
    const char *why;
    /* a customer's message reopens answered tickets */
    assert_int_equal(ticket_transition(TS_AUTO_RESOLVED, TE_MESSAGE, ROLE_CUSTOMER, &n, &why),
                     TR_OK);
    assert_int_equal(n, TS_REOPENED);
    assert_int_equal(ticket_transition(TS_RESOLVED, TE_MESSAGE, ROLE_CUSTOMER, &n, &why), TR_OK);
    assert_int_equal(n, TS_REOPENED);
    /* an agent's plain reply does not */
    assert_int_equal(ticket_transition(TS_RESOLVED, TE_MESSAGE, ROLE_AGENT, &n, &why), TR_OK);
    assert_int_equal(n, TS_RESOLVED);
    /* an agent's reply to an open question waits for the customer, whose answer
     * brings the ticket back to the queue; a note moves nothing, on any ticket */
    assert_int_equal(ticket_transition(TS_REOPENED, TE_MESSAGE, ROLE_AGENT, &n, &why), TR_OK);
    assert_int_equal(n, TS_PENDING);
    assert_int_equal(ticket_transition(TS_PENDING, TE_MESSAGE, ROLE_CUSTOMER, &n, &why), TR_OK);
    assert_int_equal(n, TS_OPEN);
    assert_int_equal(ticket_transition(TS_CLOSED, TE_NOTE, ROLE_ADMIN, &n, &why), TR_OK);
    assert_int_equal(n, TS_CLOSED);
    assert_int_equal(ticket_transition(TS_OPEN, TE_NOTE, ROLE_CUSTOMER, &n, &why), TR_FORBIDDEN);
    /* helpful closes, not helpful reopens, closed takes no more */
    ticket_transition(TS_AUTO_RESOLVED, TE_FEEDBACK_YES, ROLE_CUSTOMER, &n, &why);
    assert_int_equal(n, TS_CLOSED);
    ticket_transition(TS_RESOLVED, TE_FEEDBACK_NO, ROLE_CUSTOMER, &n, &why);
    assert_int_equal(n, TS_REOPENED);
    assert_int_equal(ticket_transition(TS_CLOSED, TE_FEEDBACK_NO, ROLE_CUSTOMER, &n, &why),
                     TR_CONFLICT);
}

static void test_names(void **state)
{
    (void)state;
    for (int s = 0; s < TS_COUNT; s++)
        assert_int_equal(ticket_status_parse(ticket_status_name(s)), s);
    assert_int_equal(ticket_status_parse("open"), -1);
    assert_int_equal(ticket_status_parse(NULL), -1);
    assert_int_equal(ticket_set_event(TS_CLOSED), TE_SET_CLOSED);
    assert_int_equal(ticket_set_event(TS_PENDING), TE_SET_PENDING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pair),
        cmocka_unit_test(test_key_rules),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
