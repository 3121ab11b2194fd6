/* test_db_search: a search's words split between the FULLTEXT index and patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <string.h>

#include "db/db_search.h"

#define W(x) "(*UCP)(?i)(?<!\\w)" x "(?!\\w)"

/* want: the FULLTEXT words (NULL: none), then the patterns expected, NULL-ended. */
static void split(const char *q, int min, const char *want_ft, ...)
{
    struct arena a;
    arena_init(&a, 0);
    const char *ft = "unset", *re[DB_SEARCH_MAX_SHORT];
    int n = -1;
    assert_int_equal(db_search_split(&a, q, min, &ft, re, &n), 0);
    if (want_ft)
        assert_string_equal(ft, want_ft);
    else
        assert_null(ft);
    va_list ap;
    va_start(ap, want_ft);
    int i = 0;
    for (const char *w; (w = va_arg(ap, const char *)); i++) {
        assert_true(i < n);
        assert_string_equal(re[i], w);
    }
    va_end(ap);
    assert_int_equal(n, i);
    for (; i < DB_SEARCH_MAX_SHORT; i++)
        assert_null(re[i]);
    arena_cleanup(&a);
}

static void test_split(void **state)
{
    (void)state;
    split("card arrived", 3, "card arrived", NULL);
    split("my PC broke", 3, "broke", W("my"), W("PC"), NULL);
    split("PC", 4, NULL, W("PC"), NULL);
    /* Operators separate words; what remains of a word is quoted for its pattern. */
    split("+refund* -\"late\" (now)", 3, "refund late now", NULL);
    split("a.b x$", 4, NULL, W("a\\.b"), W("x\\$"), NULL);
    /* Characters, not bytes: "été" is three characters long. */
    split("été", 3, "été", NULL);
    split("été", 4, NULL, W("été"), NULL);
    split("  *** -- ", 3, NULL, NULL);
    split("", 3, NULL, NULL);
}

/* Many short words cost no more than three patterns, and a repeated word one. */
static void test_bounded(void **state)
{
    (void)state;
    split("a A a b c d e f g", 3, NULL, W("a"), W("b"), W("c"), NULL);
    char many[402];
    for (int i = 0; i < 200; i++)
        memcpy(many + 2 * i, "z ", 2);
    many[400] = '\0';
    split(many, 3, NULL, W("z"), NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_split),
                                       cmocka_unit_test(test_bounded)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
