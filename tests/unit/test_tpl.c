/* test_tpl: the official Mustache spec files plus deskpilot's own template-engine cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "html/tpl.h"

/* ------------------------------------------------------------------ */
/* Spec runner                                                          */
/* ------------------------------------------------------------------ */

static const char *spec_dir(void)
{
    const char *d = getenv("DESKPILOT_MUSTACHE_SPEC");
    return d && *d ? d : "tests/data/mustache-spec" /* relative to the repository root */;
}

/* Compile the case's "partials" object into a set; NULL when it has none. */
static int spec_partials(struct json_object *tc, struct tpl_set **set, char *err, size_t errlen)
{
    struct json_object *parts;

    *set = NULL;
    if (!json_object_object_get_ex(tc, "partials", &parts))
        return 0;
    int rc = tpl_set_new(set);
    json_object_object_foreach(parts, key, val)
    {
        if (rc == 0)
            rc = tpl_set_add(*set, key, json_object_get_string(val),
                             (size_t)json_object_get_string_len(val), err, errlen);
    }
    return rc;
}

/* Print expected and actual output as JSON strings so white space shows. */
static void report_diff(const char *file, const char *name, struct json_object *jexp,
                        const char *got)
{
    struct json_object *jgot = json_object_new_string(got);
    print_message("FAIL %s / %s:\n  expected: %s\n  got:      %s\n", file, name,
                  json_object_to_json_string(jexp), jgot ? json_object_to_json_string(jgot) : "?");
    json_object_put(jgot);
}

/* Run one spec case; on failure print why and return false. */
static bool spec_case(const char *file, struct json_object *tc)
{
    struct json_object *jname, *jtpl, *jexp, *data = NULL;
    struct tpl_set *set = NULL;
    struct tpl *t = NULL;
    struct buf out;
    char err[256] = "";
    bool ok = false;

    buf_init(&out);
    json_object_object_get_ex(tc, "name", &jname);
    json_object_object_get_ex(tc, "template", &jtpl);
    json_object_object_get_ex(tc, "expected", &jexp);
    json_object_object_get_ex(tc, "data", &data);
    const char *name = json_object_get_string(jname);
    int rc = spec_partials(tc, &set, err, sizeof err);
    if (rc == 0)
        rc = tpl_compile(json_object_get_string(jtpl), (size_t)json_object_get_string_len(jtpl), &t,
                         err, sizeof err);
    if (rc == 0) {
        struct tpl_partials p = tpl_set_partials(set);
        rc = tpl_render(t, data, set ? &p : NULL, &out);
    }
    if (rc != 0)
        print_message("FAIL %s / %s: rc %d %s\n", file, name, rc, err);
    else if (strcmp(buf_str(&out), json_object_get_string(jexp)) != 0)
        report_diff(file, name, jexp, buf_str(&out));
    else
        ok = true;
    tpl_free(t);
    tpl_set_free(set);
    buf_cleanup(&out);
    return ok;
}

/* state is the spec file name, e.g. "sections.json". */
static void test_spec_file(void **state)
{
    const char *file = *state;
    char path[1024];

    snprintf(path, sizeof path, "%s/%s", spec_dir(), file);
    struct json_object *spec = json_object_from_file(path);
    if (!spec)
        fail_msg("cannot read %s (set DESKPILOT_MUSTACHE_SPEC)", path);
    struct json_object *tests;
    assert_true(json_object_object_get_ex(spec, "tests", &tests));
    size_t n = json_object_array_length(tests), failed = 0;
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++)
        failed += !spec_case(file, json_object_array_get_idx(tests, i));
    print_message("%s: %zu/%zu passed\n", file, n - failed, n);
    json_object_put(spec);
    assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------------ */
/* Own cases                                                            */
/* ------------------------------------------------------------------ */

/* Compile src, render it with JSON text `json` (may be NULL) and no partials;
 * the output is malloc'd into *res (caller frees). Returns the first error. */
static int render_str(const char *src, const char *json, char **res)
{
    struct json_object *data = json ? json_tokener_parse(json) : NULL;
    struct tpl *t;
    struct buf out;

    *res = NULL;
    assert_true(json == NULL || data != NULL);
    buf_init(&out);
    int rc = tpl_compile(src, strlen(src), &t, NULL, 0);
    if (rc == 0)
        rc = tpl_render(t, data, NULL, &out);
    if (rc == 0)
        *res = buf_steal(&out);
    buf_cleanup(&out);
    tpl_free(t);
    json_object_put(data);
    return rc;
}

static void assert_renders(const char *src, const char *json, const char *expected)
{
    char *res;
    assert_int_equal(render_str(src, json, &res), 0);
    assert_string_equal(res, expected);
    free(res);
}

static void test_escapes_by_default(void **state)
{
    (void)state;
    assert_renders("<p>{{x}}</p>", "{\"x\":\"<script>alert('x&y')</script>\"}",
                   "<p>&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</p>");
    /* quotes are escaped too, so a variable inside a quoted attribute is safe */
    assert_renders("<a title=\"{{x}}\">", "{\"x\":\"\\\" onmouseover=\\\"evil()\"}",
                   "<a title=\"&quot; onmouseover=&quot;evil()\">");
    /* invalid UTF-8 and NUL from the data are replaced, not passed through */
    assert_renders("{{x}}", "{\"x\":\"a\\u0000b\"}", "a\357\277\275b"); /* U+FFFD in octal */
    /* sections, partial names and dotted names escape the same way */
    assert_renders("{{#a}}{{b.c}}{{/a}}", "{\"a\":{\"b\":{\"c\":\"<i>\"}}}", "&lt;i&gt;");
}

static void test_raw_needs_marker(void **state)
{
    (void)state;
    assert_renders("{{{x}}}|{{& x}}|{{x}}", "{\"x\":\"<b>hi</b>\"}",
                   "<b>hi</b>|<b>hi</b>|&lt;b&gt;hi&lt;/b&gt;");
    assert_renders("{{=<% %>=}}<%{x}%><%x%>", "{\"x\":\"<\"}", "<&lt;");
}

static void test_numbers_and_truthiness(void **state)
{
    (void)state;
    assert_renders("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                   "{\"a\":1.5,\"b\":3.0,\"c\":-2,\"d\":0.1,\"e\":1e300,\"f\":18446744073709551615,"
                   "\"g\":true}",
                   "1.5 3 -2 0.1 1e+300 18446744073709551615 true");
    assert_renders("{{#s}}S{{/s}}{{^s}}!s{{/s}}{{#z}}Z{{/z}}{{^z}}!z{{/z}}{{#o}}O{{/o}}",
                   "{\"s\":\"\",\"z\":0,\"o\":{}}", "!s!zO");
    assert_renders("{{x}}", NULL, "");
    assert_renders("{{#l}}{{.}},{{/l}}", "{\"l\":[1,\"two\",null,3.25]}", "1,two,,3.25,");
}

/* Render `page` from a set holding page, outer and inner. */
static void assert_set_renders(const char *page, const char *outer, const char *inner,
                               const char *json, const char *expected)
{
    struct tpl_set *set;
    struct json_object *data = json_tokener_parse(json);
    struct buf out;
    char err[128];

    assert_int_equal(tpl_set_new(&set), 0);
    assert_int_equal(tpl_set_add(set, "page", page, strlen(page), err, sizeof err), 0);
    assert_int_equal(tpl_set_add(set, "outer", outer, strlen(outer), err, sizeof err), 0);
    assert_int_equal(tpl_set_add(set, "inner", inner, strlen(inner), err, sizeof err), 0);
    buf_init(&out);
    assert_int_equal(tpl_set_render(set, "page", data, &out), 0);
    assert_string_equal(buf_str(&out), expected);
    buf_cleanup(&out);
    json_object_put(data);
    tpl_set_free(set);
}

/* Standalone partials indent every line; nested ones add up; inline ones do not. */
static void test_partial_indentation(void **state)
{
    (void)state;
    assert_set_renders("<ul>\n  {{>outer}}\n</ul>\n", "<li>\n  {{>inner}}\n</li>\n",
                       "{{x}}\n{{x}}\n", "{\"x\":\"a\\nb\"}",
                       "<ul>\n  <li>\n    a\nb\n    a\nb\n  </li>\n</ul>\n");
    assert_set_renders("  {{>outer}}\n", "[{{>inner}}]\nz\n", "1\n2", "{}", "  [1\n2]\n  z\n");
    assert_set_renders("\t{{>outer}}\r\n", "{{#l}}\n{{.}}\n{{/l}}\n", "", "{\"l\":[1,2]}",
                       "\t1\n\t2\n");
}

/* Compile src and check the error code and that errbuf mentions `want`. */
static void assert_compile_error(const char *src, int code, const char *want)
{
    struct tpl *t = (struct tpl *)&t;
    char err[128];
    assert_int_equal(tpl_compile(src, strlen(src), &t, err, sizeof err), code);
    assert_null(t);
    if (!strstr(err, want))
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
}

static void test_compile_errors(void **state)
{
    (void)state;
    assert_compile_error("a\n{{#sec}}\nb\n", TPL_ESYNTAX, "line 2: unclosed section 'sec'");
    assert_compile_error("{{#a}}{{/b}}", TPL_ESYNTAX, "line 1: closing tag 'b' does not match 'a'");
    assert_compile_error("x\n\n{{/a}}", TPL_ESYNTAX, "line 3: closing tag 'a' without");
    assert_compile_error("hello {{name", TPL_ESYNTAX, "line 1: unclosed tag");
    assert_compile_error("{{{x}}", TPL_ESYNTAX, "unclosed tag");
    assert_compile_error("{{}}", TPL_ESYNTAX, "empty tag name");
    assert_compile_error("{{a b}}", TPL_ESYNTAX, "white space");
    assert_compile_error("{{a..b}}", TPL_ESYNTAX, "bad dotted name");
    assert_compile_error("{{=<%=}}", TPL_ESYNTAX, "bad set-delimiter");
    assert_compile_error("{{= a= b =}}", TPL_ESYNTAX, "bad set-delimiter");
    /* a tiny error buffer is truncated but still terminated */
    struct tpl *t;
    char small[8];
    assert_int_equal(tpl_compile("{{#a}}", 6, &t, small, sizeof small), TPL_ESYNTAX);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_int_equal(tpl_compile(NULL, 3, &t, NULL, 0), TPL_EINVAL);
}

static void test_depth_bounds(void **state)
{
    struct tpl_set *set;
    struct buf out;
    char err[128];
    (void)state;

    /* A partial that includes itself stops at TPL_MAX_PARTIAL_DEPTH. */
    assert_int_equal(tpl_set_new(&set), 0);
    assert_int_equal(tpl_set_add(set, "self", "x{{>self}}", 10, err, sizeof err), 0);
    buf_init(&out);
    assert_int_equal(tpl_set_render(set, "self", NULL, &out), TPL_EDEPTH);
    assert_int_equal(out.len, TPL_MAX_PARTIAL_DEPTH + 1); /* the page, then 64 levels */
    buf_cleanup(&out);
    /* Sections plus partials beyond TPL_MAX_CONTEXT contexts. */
    const char *deep =
        "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{>deep}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}";
    assert_int_equal(tpl_set_add(set, "deep", deep, strlen(deep), err, sizeof err), 0);
    struct json_object *data = json_tokener_parse("{\"a\":true}");
    assert_int_equal(tpl_set_render(set, "deep", data, &out), TPL_EDEPTH);
    json_object_put(data);
    buf_cleanup(&out);
    tpl_set_free(set);

    /* Section nesting is bounded at compile time. */
    struct buf src;
    buf_init(&src);
    for (int i = 0; i <= TPL_MAX_NESTING; i++)
        buf_puts(&src, "{{#a}}");
    struct tpl *t;
    assert_int_equal(tpl_compile(src.data, src.len, &t, err, sizeof err), TPL_EDEPTH);
    buf_cleanup(&src);
}

/* Write dir/name with the given content. */
static void write_file(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(content, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static void test_set_load(void **state)
{
    char dir[] = "/tmp/test_tpl.XXXXXX";
    struct tpl_set *set;
    struct buf out;
    char err[256];
    (void)state;

    assert_non_null(mkdtemp(dir));
    write_file(dir, "page.mustache", "<h1>{{title}}</h1>\n{{#items}}\n  {{>item}}\n{{/items}}\n");
    write_file(dir, "item.mustache", "<li>{{name}}</li>\n");
    write_file(dir, "notes.txt", "{{#broken");
    write_file(dir, ".hidden.mustache", "{{#broken");
    assert_int_equal(tpl_set_load(dir, &set, err, sizeof err), 0);
    assert_non_null(tpl_set_get(set, "page"));
    assert_non_null(tpl_set_get(set, "item"));
    assert_null(tpl_set_get(set, "notes"));

    struct json_object *data =
        json_tokener_parse("{\"title\":\"T&C\",\"items\":[{\"name\":\"a\"},{\"name\":\"<b>\"}]}");
    buf_init(&out);
    assert_int_equal(tpl_set_render(set, "page", data, &out), 0);
    assert_string_equal(buf_str(&out), "<h1>T&amp;C</h1>\n  <li>a</li>\n  <li>&lt;b&gt;</li>\n");
    buf_reset(&out);
    assert_int_equal(tpl_set_render(set, "missing", data, &out), TPL_ENOTFOUND);
    assert_int_equal(tpl_set_add(set, "page", "x", 1, err, sizeof err), TPL_EINVAL);
    buf_cleanup(&out);
    json_object_put(data);
    tpl_set_free(set);

    /* A broken template fails the whole load and names the file and line. */
    write_file(dir, "bad.mustache", "ok\n{{#open}}\n");
    set = (struct tpl_set *)&set;
    assert_int_equal(tpl_set_load(dir, &set, err, sizeof err), TPL_ESYNTAX);
    assert_null(set);
    assert_non_null(strstr(err, "bad: line 2: unclosed section 'open'"));
    remove_file(dir, "bad.mustache");
    write_file(dir, "bad name.mustache", "x");
    assert_int_equal(tpl_set_load(dir, &set, err, sizeof err), TPL_EINVAL);
    remove_file(dir, "bad name.mustache");

    const char *names[] = {"page.mustache", "item.mustache", "notes.txt", ".hidden.mustache"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        remove_file(dir, names[i]);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(tpl_set_load(dir, &set, err, sizeof err), TPL_EIO);
    assert_null(set);
    tpl_set_free(NULL);
    tpl_free(NULL);
}

/* ------------------------------------------------------------------ */
/* Allocation fault injection                                           */
/* ------------------------------------------------------------------ */

/* The test binary replaces malloc/calloc/realloc/free (glibc allows this)
 * to fail the n-th allocation and count live blocks. Not with ASan, which
 * owns the allocator; under valgrind the probe finds them bypassed and the
 * scenario runs once without faults. */
#if !defined(__SANITIZE_ADDRESS__)
#define FAULT_INJECTION 1
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long fault_countdown = -1; /* fail when it reaches 0; -1: never */
static bool fault_hit;
static bool fault_counting;
static long fault_live; /* blocks allocated minus blocks freed while counting */

static bool fault_now(void)
{
    if (fault_countdown < 0 || fault_countdown-- > 0)
        return false;
    fault_hit = true;
    return true;
}

void *malloc(size_t n)
{
    void *p = fault_now() ? NULL : __libc_malloc(n);
    fault_live += fault_counting && p;
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = fault_now() ? NULL : __libc_calloc(n, size);
    fault_live += fault_counting && p;
    return p;
}

void *realloc(void *old, size_t n)
{
    void *p = fault_now() ? NULL : __libc_realloc(old, n);
    fault_live += fault_counting && p && !old;
    return p;
}

void free(void *p)
{
    fault_live -= fault_counting && p;
    __libc_free(p);
}
#endif

/* Everything the pages do: build a set, render with partials, free. The
 * data is parsed outside: json-c itself crashes when its allocations fail. */
static int fault_scenario(struct json_object *data, char **res)
{
    static const char page[] = "<h1>{{title}}</h1>\n{{#items}}\n  {{>row}}\n{{/items}}\n"
                               "{{^items}}none{{/items}}{{{raw}}}";
    static const char row[] = "<li>{{name}} {{n}} {{meta.x}}</li>\n";
    struct tpl_set *set;
    struct buf out;
    int rc;

    *res = NULL;
    buf_init(&out);
    if ((rc = tpl_set_new(&set)) != 0)
        return rc;
    rc = tpl_set_add(set, "page", page, sizeof page - 1, NULL, 0);
    if (rc == 0)
        rc = tpl_set_add(set, "row", row, sizeof row - 1, NULL, 0);
    if (rc == 0)
        rc = tpl_set_render(set, "page", data, &out);
    if (rc == 0 && !(*res = buf_steal(&out)))
        rc = TPL_ENOMEM;
    buf_cleanup(&out);
    tpl_set_free(set);
    return rc;
}

static const char fault_data[] =
    "{\"title\":\"<T>\",\"raw\":\"<br>\",\"items\":[{\"name\":\"a&b\",\"n\":1.5,"
    "\"meta\":{\"x\":\"y\"}},{\"name\":\"c\",\"n\":2}]}";
static const char fault_want[] =
    "<h1>&lt;T&gt;</h1>\n  <li>a&amp;b 1.5 y</li>\n  <li>c 2 </li>\n<br>";

/* True when malloc really is the replacement above (not ASan's or valgrind's). */
static bool fault_injection_works(void)
{
#ifdef FAULT_INJECTION
    void *(*volatile alloc)(size_t) = malloc; /* so the compiler cannot elide it */
    fault_countdown = 0;
    void *probe = alloc(1);
    fault_countdown = -1;
    free(probe);
    return probe == NULL;
#else
    return false;
#endif
}

/* Run the scenario with the n-th allocation failing (n < 0: none); true once
 * a run no longer reached an n-th allocation. Checks the result and leaks. */
static bool fault_run(struct json_object *data, long n, int *failures)
{
    char *res;
#ifdef FAULT_INJECTION
    fault_hit = false;
    fault_live = 0;
    fault_counting = true;
    fault_countdown = n;
#endif
    int rc = fault_scenario(data, &res);
    bool same = rc != 0 || strcmp(res, fault_want) == 0;
    free(res);
    bool hit = false;
#ifdef FAULT_INJECTION
    fault_countdown = -1;
    fault_counting = false;
    hit = fault_hit;
    if (n >= 0) /* only meaningful when our allocator is the one in use */
        assert_int_equal(fault_live, 0);
#else
    (void)n;
#endif
    assert_true(same);
    assert_true(rc == 0 || (hit && rc == TPL_ENOMEM));
    *failures += rc == TPL_ENOMEM;
    return !hit;
}

/* Fail each allocation in turn: every run ends in 0 or TPL_ENOMEM, with
 * nothing leaked and never a wrong page. Without injection (ASan, valgrind)
 * the scenario runs once. */
static void test_alloc_failures(void **state)
{
    struct json_object *data = json_tokener_parse(fault_data);
    int failures = 0;
    (void)state;

    assert_non_null(data);
    if (!fault_injection_works()) {
        fault_run(data, -1, &failures);
        print_message("allocation fault injection unavailable here; scenario ran once\n");
    } else {
        for (long n = 0; !fault_run(data, n, &failures); n++)
            ;
        print_message("%d injected allocation failures, all reported as TPL_ENOMEM\n", failures);
        assert_true(failures > 10);
    }
    json_object_put(data);
}

/* One cmocka test per spec file, named after it. */
/* clang-format off */
#define SPEC_TEST(file) {"spec_" file, test_spec_file, NULL, NULL, (void *)(file ".json")}
/* clang-format on */

int main(void)
{
    const struct CMUnitTest tests[] = {
        SPEC_TEST("comments"),
        SPEC_TEST("delimiters"),
        SPEC_TEST("interpolation"),
        SPEC_TEST("inverted"),
        SPEC_TEST("partials"),
        SPEC_TEST("sections"),
        cmocka_unit_test(test_escapes_by_default),
        cmocka_unit_test(test_raw_needs_marker),
        cmocka_unit_test(test_numbers_and_truthiness),
        cmocka_unit_test(test_partial_indentation),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_depth_bounds),
        cmocka_unit_test(test_set_load),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
