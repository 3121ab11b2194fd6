/* test_host_list: DESKPILOT_DB_HOSTS parsing and the order hosts are tried in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <string.h>

#include "core/host_list.h"

static void test_parse(void **state)
{
    (void)state;
    struct host_list l;
    char msg[128];
    assert_int_equal(
        host_list_parse(&l, "10.0.0.1:3306, db2.example:3307,[::1]:3308", msg, sizeof msg), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.h[0].host, "10.0.0.1");
    assert_int_equal(l.h[0].port, 3306);
    assert_string_equal(l.h[1].host, "db2.example");
    assert_int_equal(l.h[1].port, 3307);
    assert_string_equal(l.h[2].host, "::1");
    assert_int_equal(l.h[2].port, 3308);
    assert_int_equal(host_list_parse(&l, "", msg, sizeof msg), 0);
    assert_int_equal(l.n, 0);
}

static void test_parse_refuses(void **state)
{
    (void)state;
    struct host_list l;
    char msg[128];
    const char *bad[] = {"db1",          "db1:",        ":3306", "db1:0",
                         "db1:65536",    "db1:33x",     "[::1]", "[::1]3306",
                         "db1:3306,db2", "db1:1234567", NULL};
    for (int i = 0; bad[i]; i++) {
        msg[0] = '\0';
        assert_int_equal(host_list_parse(&l, bad[i], msg, sizeof msg), -1);
        assert_non_null(strstr(msg, "DESKPILOT_DB_HOSTS"));
    }
    assert_int_equal(host_list_parse(&l, "a:1,b:2,c:3,d:4,e:5,f:6,g:7,h:8,i:9", msg, sizeof msg),
                     -1);
    assert_non_null(strstr(msg, "at most 8"));
}

static void test_order_skips_held_hosts(void **state)
{
    (void)state;
    struct host_list l;
    char msg[128];
    assert_int_equal(host_list_parse(&l, "a:1,b:2,c:3", msg, sizeof msg), 0);
    int order[HOST_LIST_MAX];
    assert_int_equal(host_list_order(&l, 100, order), 3);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[2], 2);
    host_list_down(&l, 0, 100, 5); /* a failed: b, c, then a */
    assert_int_equal(host_list_order(&l, 104, order), 3);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
    assert_int_equal(host_list_order(&l, 105, order), 3); /* the hold is over: a first again */
    assert_int_equal(order[0], 0);
    host_list_down(&l, 1, 105, 5);
    host_list_down(&l, 2, 105, 5);
    host_list_down(&l, 0, 105, 5); /* all down: still all three, in list order */
    assert_int_equal(host_list_order(&l, 106, order), 3);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    host_list_down(&l, 7, 105, 5); /* out of range: ignored */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_refuses),
        cmocka_unit_test(test_order_skips_held_hosts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
