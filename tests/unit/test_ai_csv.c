/* test_ai_csv: the RFC 4180 reader used by deskpilot eval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ai/csv.h"
#include "ai/status.h"

static void test_quotes_commas_newlines(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBFtext,category\r\n"
                    "plain,a\r\n"
                    "\"with, comma\",b\n"
                    "\"multi\nline \"\"quoted\"\"\",c\n"
                    "\n"
                    ",\n"
                    "last,\"d\"";
    struct ai_csv t;
    size_t line;
    char msg[128];
    assert_int_equal(ai_csv_parse(s, strlen(s), &t, &line, msg, sizeof msg), 0);
    assert_int_equal(t.ncols, 2);
    assert_int_equal(t.nrows, 5);
    assert_int_equal(ai_csv_column(&t, "TEXT"), 0);
    assert_int_equal(ai_csv_column(&t, "category"), 1);
    assert_int_equal(ai_csv_column(&t, "intent"), -1);
    assert_string_equal(ai_csv_cell(&t, 0, 0), "plain");
    assert_string_equal(ai_csv_cell(&t, 1, 0), "with, comma");
    assert_string_equal(ai_csv_cell(&t, 2, 0), "multi\nline \"quoted\"");
    assert_string_equal(ai_csv_cell(&t, 2, 1), "c");
    assert_string_equal(ai_csv_cell(&t, 3, 0), "");
    assert_string_equal(ai_csv_cell(&t, 3, 1), "");
    assert_string_equal(ai_csv_cell(&t, 4, 1), "d");
    assert_int_equal(t.line[2], 4);
    assert_int_equal(t.line[3], 7); /* the blank line 6 is skipped */
    ai_csv_free(&t);
}

static void expect_error(const char *s, size_t want_line)
{
    struct ai_csv t;
    size_t line;
    char msg[128];
    assert_int_equal(ai_csv_parse(s, strlen(s), &t, &line, msg, sizeof msg), AI_EINVAL);
    assert_int_equal(line, want_line);
    assert_true(strlen(msg) > 0);
    ai_csv_free(&t);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", 1);
    expect_error("a,b\n1,2\n3\n", 3);               /* too few fields */
    expect_error("a,b\n1,2,3\n", 2);                /* too many */
    expect_error("a,b\n1,\"open\nstill open\n", 2); /* never closed */
    expect_error("a,b\n\"x\"y,2\n", 2);             /* text after the closing quote */
    expect_error("a,b\n1,\xFF\n", 2);               /* invalid UTF-8 */
}

static void test_read_file(void **state)
{
    (void)state;
    char path[64], msg[256];
    snprintf(path, sizeof path, "/tmp/test_ai_csv.%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("text,label\nhello,x\n\"bad\n", f);
    fclose(f);
    struct ai_csv t;
    assert_int_equal(ai_csv_read_file(path, &t, msg, sizeof msg), AI_EINVAL);
    assert_non_null(strstr(msg, path));
    assert_non_null(strstr(msg, ":3:"));
    unlink(path);
    assert_int_equal(ai_csv_read_file(path, &t, msg, sizeof msg), AI_EIO);
    assert_non_null(strstr(msg, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_commas_newlines),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
