/* test_web_next: where signing in leads — back to the page that asked, only when it is
 * one of the role's own pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include "web/web_session.h"

static void test_next(void **state)
{
    (void)state;
    assert_string_equal(web_after_sign_in("/agent/tickets/7", ROLE_AGENT), "/agent/tickets/7");
    assert_string_equal(web_after_sign_in("/agent/tickets/7", ROLE_ADMIN), "/agent/tickets/7");
    assert_string_equal(web_after_sign_in("/support/tickets/3", ROLE_CUSTOMER),
                        "/support/tickets/3");
    /* Another role's pages, another host, a scheme, control characters: home. */
    assert_string_equal(web_after_sign_in("/admin/users", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in("/agent/", ROLE_CUSTOMER), "/support/");
    assert_string_equal(web_after_sign_in("//evil.example/agent/", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in("/\\evil.example", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in("https://evil.example/agent/", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in("/agent/x\r\nSet-Cookie: a=b", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in("/agent/a\\b", ROLE_AGENT), "/agent/");
    assert_string_equal(web_after_sign_in(NULL, ROLE_ADMIN), "/admin/");
    assert_string_equal(web_after_sign_in("", ROLE_ADMIN), "/admin/");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_next)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
