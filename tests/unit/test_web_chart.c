/* test_web_chart: the SVG charts escape every label, survive zero and empty data,
 * and scale bars and columns to the largest value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/buf.h"
#include "web/web_chart.h"

static const struct web_chart chart = {
    .id = "c1", .title = "Tickets <per> intent", .desc = "desc & more", .empty = NULL};

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void assert_well_formed(const char *svg)
{
    assert_true(strncmp(svg, "<svg ", 5) == 0);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "aria-labelledby=\"c1-title c1-desc\""));
    assert_non_null(strstr(svg, "<title id=\"c1-title\">"));
    size_t n = strlen(svg);
    assert_true(n > 6 && strcmp(svg + n - 6, "</svg>") == 0);
    assert_null(strstr(svg, "style="));
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
}

static void test_labels_escaped(void **state)
{
    (void)state;
    struct web_chart_item items[] = {
        {"<script>alert(1)</script>", 3, 1, NULL},
        {"a\"b'c&d", 2, 0, "<b>2</b>"},
    };
    struct web_chart hostile = chart;
    hostile.id = "x\"onload=\"y";
    for (int kind = 0; kind < 2; kind++) {
        struct buf b;
        buf_init(&b);
        int rc =
            kind ? web_chart_columns(&b, &chart, items, 2) : web_chart_bars(&b, &chart, items, 2);
        assert_int_equal(rc, 0);
        const char *s = buf_str(&b);
        assert_well_formed(s);
        assert_null(strstr(s, "<script>"));
        assert_null(strstr(s, "<b>"));
        assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_non_null(strstr(s, "a&quot;b&#39;c&amp;d"));
        assert_non_null(strstr(s, "Tickets &lt;per&gt; intent"));
        assert_non_null(strstr(s, "desc &amp; more"));
        assert_non_null(strstr(s, "&lt;b&gt;2&lt;/b&gt;"));
        buf_cleanup(&b);
        /* ids come out as attribute text too */
        rc = kind ? web_chart_columns(&b, &hostile, items, 2)
                  : web_chart_bars(&b, &hostile, items, 2);
        assert_int_equal(rc, 0);
        assert_null(strstr(buf_str(&b), "\"onload"));
        buf_cleanup(&b);
    }
}

static void test_empty_and_zero(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    assert_int_equal(web_chart_bars(&b, &chart, NULL, 0), 0);
    assert_well_formed(buf_str(&b));
    assert_non_null(strstr(buf_str(&b), "No data yet"));
    buf_cleanup(&b);
    struct web_chart custom = chart;
    custom.empty = "Nothing <yet>";
    assert_int_equal(web_chart_columns(&b, &custom, NULL, 0), 0);
    assert_non_null(strstr(buf_str(&b), "Nothing &lt;yet&gt;"));
    buf_cleanup(&b);

    struct web_chart_item zeros[3] = {{"a", 0, 0, NULL}, {"b", 0, 0, NULL}, {"c", -5, NAN, NULL}};
    assert_int_equal(web_chart_bars(&b, &chart, zeros, 3), 0);
    assert_well_formed(buf_str(&b));
    assert_int_equal(count(buf_str(&b), "class=\"chart-bar\""), 3);
    assert_int_equal(count(buf_str(&b), "width=\"0.00%\""), 3);
    assert_int_equal(count(buf_str(&b), "class=\"chart-part\""), 0);
    buf_cleanup(&b);
    assert_int_equal(web_chart_columns(&b, &chart, zeros, 3), 0);
    assert_well_formed(buf_str(&b));
    assert_int_equal(count(buf_str(&b), "class=\"chart-bar\""), 0); /* nothing to draw */
    assert_int_equal(count(buf_str(&b), "<title>"), 3); /* but every day has a tooltip */
    buf_cleanup(&b);
}

static void test_bars_scale(void **state)
{
    (void)state;
    struct web_chart_item items[] = {
        {"big", 10, 4, NULL}, {"half", 5, 9, NULL}, {"tenth", 1, 0, NULL}};
    struct buf b;
    buf_init(&b);
    assert_int_equal(web_chart_bars(&b, &chart, items, 3), 0);
    const char *s = buf_str(&b);
    assert_well_formed(s);
    assert_non_null(strstr(s, "class=\"chart-bar\" x=\"0\" y=\"22\" width=\"100.00%\""));
    assert_non_null(strstr(s, "class=\"chart-bar\" x=\"0\" y=\"66\" width=\"50.00%\""));
    assert_non_null(strstr(s, "class=\"chart-bar\" x=\"0\" y=\"110\" width=\"10.00%\""));
    assert_non_null(strstr(s, "class=\"chart-part\" x=\"0\" y=\"22\" width=\"40.00%\""));
    /* a part larger than its value is clamped to the value */
    assert_non_null(strstr(s, "class=\"chart-part\" x=\"0\" y=\"66\" width=\"50.00%\""));
    assert_non_null(strstr(s, "height=\"132\"")); /* three rows */
    assert_non_null(strstr(s, ">10</text>"));
    buf_cleanup(&b);
}

static void test_columns_scale(void **state)
{
    (void)state;
    /* max 8 is already round: heights are value/8 of the 160 px plot. */
    struct web_chart_item items[] = {{"1 Mar", 8, 2, NULL}, {"2 Mar", 4, 0, NULL}};
    struct buf b;
    buf_init(&b);
    assert_int_equal(web_chart_columns(&b, &chart, items, 2), 0);
    const char *s = buf_str(&b);
    assert_well_formed(s);
    assert_non_null(strstr(s, "y=\"18.0\" width=\"32.200%\" height=\"160.0\"")); /* 8 of 8 */
    assert_non_null(strstr(s, "height=\"80.0\""));                               /* 4 of 8 */
    assert_non_null(strstr(s, "height=\"40.0\"")); /* the part, 2 of 8 */
    assert_non_null(strstr(s, "text-anchor=\"end\">8</text>"));
    assert_non_null(strstr(s, "text-anchor=\"end\">4</text>"));
    assert_non_null(strstr(s, ">2 Mar</text>")); /* the last day is labelled */
    buf_cleanup(&b);
    /* 22 rounds up to 30, with a gridline at 15; 3 gets no half-ticket line. */
    items[0].value = 22;
    assert_int_equal(web_chart_columns(&b, &chart, items, 2), 0);
    assert_non_null(strstr(buf_str(&b), "text-anchor=\"end\">30</text>"));
    assert_non_null(strstr(buf_str(&b), "text-anchor=\"end\">15</text>"));
    buf_cleanup(&b);
    items[0].value = 3;
    items[1].value = 1;
    assert_int_equal(web_chart_columns(&b, &chart, items, 2), 0);
    assert_non_null(strstr(buf_str(&b), "text-anchor=\"end\">3</text>"));
    assert_null(strstr(buf_str(&b), ">1.5</text>"));
    buf_cleanup(&b);
}

static void test_long_label_cut(void **state)
{
    (void)state;
    char label[200];
    memset(label, 'x', sizeof label - 1);
    label[sizeof label - 1] = '\0';
    struct web_chart_item items[] = {{label, 1, 0, NULL}};
    struct buf b;
    buf_init(&b);
    assert_int_equal(web_chart_bars(&b, &chart, items, 1), 0);
    assert_null(strstr(buf_str(&b), label));
    assert_non_null(strstr(buf_str(&b), "\xE2\x80\xA6"));
    buf_cleanup(&b);
}

static void test_lines(void **state)
{
    (void)state;
    const double x[] = {0, 0.5, 1}, prec[] = {0.8, 0.95, 1}, cov[] = {1, 0.6, 0};
    const struct web_chart_line lines[] = {{"Precision <est>", "chart-line-a", prec},
                                           {"Automation & more", "chart-line-b", cov}};
    struct buf b;
    buf_init(&b);
    assert_int_equal(web_chart_lines(&b, &chart, x, 3, lines, 2, 0.62, "threshold <0.62>"), 0);
    buf_putc(&b, '\0');
    assert_well_formed(b.data);
    assert_int_equal(count(b.data, "<polyline"), 2);
    assert_non_null(strstr(b.data, "points=\"0.00,20.00 50.00,5.00 100.00,0.00\""));
    assert_non_null(strstr(b.data, "class=\"chart-marker\""));
    assert_non_null(strstr(b.data, "x1=\"62.00\""));
    assert_non_null(strstr(b.data, "Precision &lt;est&gt;"));
    assert_non_null(strstr(b.data, "threshold &lt;0.62&gt;"));
    assert_null(strstr(b.data, "<est>"));
    buf_reset(&b);
    assert_int_equal(web_chart_lines(&b, &chart, x, 1, lines, 2, -1, NULL), 0); /* too few points */
    buf_putc(&b, '\0');
    assert_non_null(strstr(b.data, "No data yet"));
    assert_null(strstr(b.data, "<polyline"));
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_escaped), cmocka_unit_test(test_empty_and_zero),
        cmocka_unit_test(test_bars_scale),     cmocka_unit_test(test_columns_scale),
        cmocka_unit_test(test_long_label_cut), cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
