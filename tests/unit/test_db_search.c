/* test_db_search: a search's words split between the FULLTEXT index and a pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <string.h>

#include "db/db_search.h"

static void split(const char *q, int min, const char *want_ft, const char *want_re)
{
    struct arena a;
    arena_init(&a, 0);
    const char *ft = "unset", *re = "unset";
    assert_int_equal(db_search_split(&a, q, min, &ft, &re), 0);
    if (want_ft)
        assert_string_equal(ft, want_ft);
    else
        assert_null(ft);
    if (want_re)
        assert_string_equal(re, want_re);
    else
        assert_null(re);
    arena_cleanup(&a);
}

static void test_split(void **state)
{
    (void)state;
    split("card arrived", 3, "card arrived", NULL);
    split("my PC broke", 3, "broke", "(*UCP)(?is)^(?=.*\\bmy\\b)(?=.*\\bPC\\b)");
    split("PC", 4, NULL, "(*UCP)(?is)^(?=.*\\bPC\\b)");
    /* Operators separate words; what remains of a word is quoted for the pattern. */
    split("+refund* -\"late\" (now)", 3, "refund late now", NULL);
    split("a.b x$", 4, NULL, "(*UCP)(?is)^(?=.*\\ba\\.b\\b)(?=.*\\bx\\$\\b)");
    /* Characters, not bytes: "été" is three characters long. */
    split("été", 3, "été", NULL);
    split("été", 4, NULL, "(*UCP)(?is)^(?=.*\\bété\\b)");
    split("  *** -- ", 3, NULL, NULL);
    split("", 3, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_split)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
