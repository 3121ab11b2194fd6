/* test_html_escape: the per-context HTML escapers and their UTF-8 repair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <string.h>

#include "core/buf.h"
#include "html/escape.h"

#define FFFD "\xEF\xBF\xBD"
#define PCT_FFFD "%EF%BF%BD"

typedef int (*escaper)(struct buf *, const char *, size_t);

/* One input (with explicit length, so NUL bytes count) and its output. */
struct esc_case {
    const char *in;
    size_t len;
    const char *want;
};

/* clang-format off */
#define CASE(lit, want) {(lit), sizeof(lit) - 1, (want)}
/* clang-format on */

static void run_cases(escaper fn, const struct esc_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct buf b;
        buf_init(&b);
        assert_int_equal(fn(&b, c[i].in, c[i].len), 0);
        if (strcmp(buf_str(&b), c[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, buf_str(&b), c[i].want);
        buf_cleanup(&b);
    }
}

static void test_txt(void **state)
{
    static const struct esc_case cases[] = {
        CASE("", ""),
        CASE("plain text 123", "plain text 123"),
        CASE("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        CASE("a & b \"c\"", "a &amp; b &quot;c&quot;"),
        CASE("&amp;", "&amp;amp;"),
        CASE("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
             "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
        CASE("`=\n\t", "`=\n\t"),
    };
    (void)state;
    run_cases(html_txt, cases, sizeof cases / sizeof cases[0]);
}

/* Each maximal invalid subpart becomes exactly one U+FFFD (Unicode D93b). */
static void test_invalid_utf8(void **state)
{
    static const struct esc_case cases[] = {
        CASE("a\0b", "a" FFFD "b"),
        CASE("\x80", FFFD),          /* stray continuation */
        CASE("\xC0\xBC", FFFD FFFD), /* overlong '<' */
        CASE("\xC1\xBC", FFFD FFFD),
        CASE("\xE0\x80\xBC", FFFD FFFD FFFD),          /* overlong 3-byte */
        CASE("\xED\xA0\x80", FFFD FFFD FFFD),          /* surrogate */
        CASE("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD), /* above U+10FFFF */
        CASE("\xF5\x80", FFFD FFFD),
        CASE("\xE2\x82", FFFD),         /* truncated at the end */
        CASE("\xE2\x82<", FFFD "&lt;"), /* truncated, then markup */
        CASE("\xF0\x9F\x98", FFFD),
        CASE("\xC3<", FFFD "&lt;"),
        CASE("\xFF\xFE", FFFD FFFD),
    };
    (void)state;
    run_cases(html_txt, cases, sizeof cases / sizeof cases[0]);
    run_cases(html_attr, cases, sizeof cases / sizeof cases[0]);
}

static void test_attr(void **state)
{
    static const struct esc_case cases[] = {
        CASE("\" onclick=\"x()", "&quot; onclick=&quot;x()"),
        CASE("' onclick='x()", "&#39; onclick=&#39;x()"),
        CASE("`x`", "&#96;x&#96;"),
        CASE("a\r\nb\tc", "a&#13;&#10;b&#9;c"),
        CASE("<&>", "&lt;&amp;&gt;"),
        CASE("caf\xC3\xA9", "caf\xC3\xA9"),
    };
    (void)state;
    run_cases(html_attr, cases, sizeof cases / sizeof cases[0]);
}

static void test_url_arg(void **state)
{
    static const struct esc_case cases[] = {
        CASE("", ""),
        CASE("AZaz09-._~", "AZaz09-._~"),
        CASE("a b&c=d/e?f#g+h%", "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25"),
        CASE("\"'<>`", "%22%27%3C%3E%60"),
        CASE("caf\xC3\xA9", "caf%C3%A9"),
        CASE("\r\n\0", "%0D%0A" PCT_FFFD),
        CASE("\xC0\xAF", PCT_FFFD PCT_FFFD),
        CASE("\xE2\x82", PCT_FFFD),
    };
    (void)state;
    run_cases(html_url_arg, cases, sizeof cases / sizeof cases[0]);
}

/* Escapers append, handle long input, and accept (NULL, 0). */
static void test_append_and_growth(void **state)
{
    struct buf b;
    char big[5000];
    (void)state;

    buf_init(&b);
    buf_puts(&b, "x=");
    assert_int_equal(html_url_arg(&b, "a b", 3), 0);
    assert_int_equal(html_txt(&b, NULL, 0), 0);
    assert_string_equal(buf_str(&b), "x=a%20b");
    buf_reset(&b);
    memset(big, '<', sizeof big);
    assert_int_equal(html_txt(&b, big, sizeof big), 0);
    assert_int_equal(b.len, 4 * sizeof big);
    assert_memory_equal(b.data + b.len - 4, "&lt;", 4);
    buf_cleanup(&b);
}

/* A buffer whose allocation already failed reports the failure. */
static void test_failed_buffer(void **state)
{
    struct buf b;
    (void)state;

    buf_init(&b);
    b.failed = 1;
    assert_int_equal(html_txt(&b, "<", 1), -1);
    assert_int_equal(html_attr(&b, "a", 1), -1);
    assert_int_equal(html_url_arg(&b, "a", 1), -1);
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_txt),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_attr),
        cmocka_unit_test(test_url_arg),
        cmocka_unit_test(test_append_and_growth),
        cmocka_unit_test(test_failed_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
