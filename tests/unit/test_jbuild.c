/* test_jbuild: checked JSON construction — nulls where meant, failure where not,
 * arrays and nesting, and every value released by the arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <json.h>
#include <string.h>

#include "core/arena.h"
#include "json/jbuild.h"

static const char *text(json_object *o)
{
    return jb_json(o, NULL);
}

static void test_values_and_nulls(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct jbuild jb;
    jb_object(&jb, &a);
    jb_str(&jb, "s", "x\"y/z");
    jb_str(&jb, "null_s", NULL);
    jb_strn(&jb, "sn", "abcdef", 3);
    jb_text(&jb, "t", "here");
    jb_int(&jb, "i", -5);
    jb_id(&jb, "id", 7);
    jb_id(&jb, "no_id", 0);
    jb_dbl(&jb, "d", 0.5);
    jb_bool(&jb, "b", true);
    jb_null(&jb, "n");
    jb_ratio(&jb, "r", 1, 4);
    jb_ratio(&jb, "no_r", 1, 0);
    jb_measured(&jb, "m", 0.25);
    jb_measured(&jb, "no_m", -1);
    json_object *o = jb_finish(&jb);
    assert_non_null(o);
    assert_string_equal(text(o),
                        "{\"s\":\"x\\\"y/z\",\"null_s\":null,\"sn\":\"abc\",\"t\":\"here\","
                        "\"i\":-5,\"id\":7,\"no_id\":null,\"d\":0.5,\"b\":true,\"n\":null,"
                        "\"r\":0.25,\"no_r\":null,\"m\":0.25,\"no_m\":null}");
    arena_cleanup(&a);
}

static void test_arrays_and_nesting(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct jbuild inner, list, outer;
    jb_object(&inner, &a);
    jb_int(&inner, "k", 1);
    jb_array(&list, &a);
    jb_push_str(&list, "one");
    jb_push_str(&list, NULL);
    jb_push_strn(&list, "twofold", 3);
    jb_push_child(&list, jb_finish(&inner));
    jb_object(&outer, &a);
    jb_child(&outer, "list", jb_finish(&list));
    jb_child(&outer, "again", jb_finish(&inner)); /* one value in two places */
    json_object *o = jb_finish(&outer);
    assert_non_null(o);
    assert_string_equal(text(o), "{\"list\":[\"one\",null,\"two\",{\"k\":1}],\"again\":{\"k\":1}}");
    /* Extending a finished value shows wherever it was added. */
    jb_extend(&inner, &a, jb_finish(&inner));
    jb_bool(&inner, "more", false);
    assert_non_null(jb_finish(&inner));
    assert_string_equal(text(o), "{\"list\":[\"one\",null,\"two\",{\"k\":1,\"more\":false}],"
                                 "\"again\":{\"k\":1,\"more\":false}}");
    arena_cleanup(&a);
}

static json_object *square(struct arena *a, int i, const void *ctx)
{
    const int *v = ctx;
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "n", (long long)v[i] * v[i]);
    return jb_finish(&jb);
}

static json_object *fail_third(struct arena *a, int i, const void *ctx)
{
    return i == 2 ? NULL : square(a, i, ctx);
}

static void test_rows(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    static const int v[] = {1, 2, 3};
    assert_string_equal(text(jb_rows(&a, 3, square, v)), "[{\"n\":1},{\"n\":4},{\"n\":9}]");
    assert_string_equal(text(jb_rows(&a, 0, square, v)), "[]");
    assert_null(jb_rows(&a, 3, fail_third, v));
    arena_cleanup(&a);
}

static void test_missing_child_fails_whole_value(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct jbuild jb, arr, ext;
    jb_object(&jb, &a);
    jb_str(&jb, "a", "b");
    jb_child(&jb, "child", NULL); /* what a failed allocation looks like */
    jb_str(&jb, "later", "ignored");
    assert_true(jb.failed);
    assert_null(jb_finish(&jb));
    jb_object(&jb, &a);
    jb_text(&jb, "t", NULL); /* a failed arena_printf */
    assert_null(jb_finish(&jb));
    jb_array(&arr, &a);
    jb_push_child(&arr, NULL);
    jb_push_str(&arr, "ignored");
    assert_null(jb_finish(&arr));
    jb_extend(&ext, &a, NULL);
    jb_int(&ext, "i", 1);
    assert_null(jb_finish(&ext));
    assert_null(jb_json(NULL, NULL));
    arena_cleanup(&a);
}

/* json-c's release hook says when the arena let a value go. */
static int released;
static void count_release(json_object *o, void *userdata)
{
    (void)o;
    (void)userdata;
    released++;
}

static void test_arena_releases_every_value(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct jbuild child, parent;
    jb_object(&child, &a);
    jb_int(&child, "k", 1);
    json_object_set_userdata(child.o, NULL, count_release);
    jb_object(&parent, &a);
    jb_child(&parent, "c", jb_finish(&child));
    json_object_set_userdata(parent.o, NULL, count_release);
    released = 0;
    /* The parent holds the child: releasing the parent's arena reference first
     * or last, the child lives until both are gone and each goes exactly once. */
    arena_reset(&a);
    assert_int_equal(released, 2);
    /* A failed build is released too (the hook would run at most once). */
    jb_object(&parent, &a);
    json_object_set_userdata(parent.o, NULL, count_release);
    jb_child(&parent, "c", NULL);
    assert_null(jb_finish(&parent));
    released = 0;
    arena_cleanup(&a);
    assert_int_equal(released, 1);
}

/* An arena that cannot take even the release record: the value is freed at once
 * and the build reports failure. */
static void test_no_room_for_the_release(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1); /* nothing fits */
    struct jbuild jb;
    jb_object(&jb, &a);
    assert_true(jb.failed);
    jb_str(&jb, "a", "b");
    assert_null(jb_finish(&jb));
    jb_array(&jb, &a);
    assert_null(jb_finish(&jb));
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_nulls),
        cmocka_unit_test(test_arrays_and_nesting),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_missing_child_fails_whole_value),
        cmocka_unit_test(test_arena_releases_every_value),
        cmocka_unit_test(test_no_room_for_the_release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
