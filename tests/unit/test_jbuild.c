/* test_jbuild: checked JSON construction — nulls where meant, failure where not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <json.h>
#include <string.h>

#include "json/jbuild.h"

static void test_values_and_nulls(void **state)
{
    (void)state;
    struct jbuild jb;
    jb_init(&jb);
    jb_str(&jb, "s", "x\"y");
    jb_str(&jb, "null_s", NULL);
    jb_int(&jb, "i", -5);
    jb_id(&jb, "id", 7);
    jb_id(&jb, "no_id", 0);
    jb_dbl(&jb, "d", 0.5);
    jb_bool(&jb, "b", true);
    jb_null(&jb, "n");
    json_object *o = jb_finish(&jb);
    assert_non_null(o);
    assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
                        "{\"s\":\"x\\\"y\",\"null_s\":null,\"i\":-5,\"id\":7,\"no_id\":null,"
                        "\"d\":0.5,\"b\":true,\"n\":null}");
    json_object_put(o);
}

static void test_missing_child_fails_whole_object(void **state)
{
    (void)state;
    struct jbuild jb;
    jb_init(&jb);
    jb_str(&jb, "a", "b");
    jb_child(&jb, "child", NULL); /* what a failed allocation looks like */
    jb_str(&jb, "later", "ignored");
    assert_true(jb.failed);
    assert_null(jb_finish(&jb));
    json_object *arr = json_object_new_array();
    assert_int_equal(jb_append(arr, NULL), -1);
    assert_int_equal(jb_append(arr, json_object_new_int(1)), 0);
    assert_int_equal(json_object_array_length(arr), 1);
    json_object_put(arr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_nulls),
        cmocka_unit_test(test_missing_child_fails_whole_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
