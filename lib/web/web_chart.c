/* web_chart: SVG bar and column charts; escaping through html_txt/html_attr. */
#include "web/web_chart.h"

#include <math.h>
#include <string.h>

#include "core/utf8.h"
#include "html/escape.h"

#define LABEL_CHARS 48
#define BAR_ROW 44 /* px per bar row: label line, then the bar */
#define BAR_HEIGHT 14
#define COL_TOP 18    /* px above the plot, for the top gridline's value */
#define COL_PLOT 160  /* px of plot height */
#define COL_AXIS 24   /* px below the plot, for the x labels */
#define COL_AREA 92.0 /* percent of the width for columns; the rest holds the y values */
#define COL_LABEL_EVERY 7

static double clean(double v)
{
    return isnan(v) || v < 0 ? 0 : v;
}

static void txt(struct buf *out, const char *s)
{
    if (s)
        html_txt(out, s, strlen(s));
}

static void attr(struct buf *out, const char *s)
{
    if (s)
        html_attr(out, s, strlen(s));
}

/* A label cut to LABEL_CHARS code points, with an ellipsis when cut. */
static void label_txt(struct buf *out, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s), cut = utf8_prefix(s, len, LABEL_CHARS);
    html_txt(out, s, cut);
    if (cut < len)
        buf_puts(out, "\xE2\x80\xA6"); /* U+2026 */
}

/* The value as printed: value_text, or the number (whole numbers without decimals). */
static void value_txt(struct buf *out, const struct web_chart_item *it)
{
    if (it->value_text) {
        txt(out, it->value_text);
        return;
    }
    double v = clean(it->value);
    if (v == floor(v) && v < 1e15)
        buf_printf(out, "%.0f", v);
    else
        buf_printf(out, "%.2f", v);
}

/* One of the chart's element ids: "<id>-<suffix>", as attribute text. */
static void id_attr(struct buf *out, const struct web_chart *c, const char *suffix)
{
    attr(out, c->id);
    buf_putc(out, '-');
    buf_puts(out, suffix);
}

/* <svg ...> with the accessible name and description. */
static void open_svg(struct buf *out, const struct web_chart *c, const char *kind, int height)
{
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-%s\" "
               "width=\"100%%\" height=\"%d\" role=\"img\" aria-labelledby=\"",
               kind, height);
    id_attr(out, c, "title");
    if (c->desc) {
        buf_putc(out, ' ');
        id_attr(out, c, "desc");
    }
    buf_puts(out, "\"><title id=\"");
    id_attr(out, c, "title");
    buf_puts(out, "\">");
    txt(out, c->title);
    buf_puts(out, "</title>");
    if (c->desc) {
        buf_puts(out, "<desc id=\"");
        id_attr(out, c, "desc");
        buf_puts(out, "\">");
        txt(out, c->desc);
        buf_puts(out, "</desc>");
    }
}

static int close_svg(struct buf *out)
{
    buf_puts(out, "</svg>");
    return out->failed ? -1 : 0;
}

static int empty_chart(struct buf *out, const struct web_chart *c, const char *kind)
{
    open_svg(out, c, kind, 64);
    buf_puts(out, "<rect class=\"chart-track\" x=\"0\" y=\"0\" width=\"100%\" height=\"64\" "
                  "rx=\"8\"/><text class=\"chart-empty\" x=\"50%\" y=\"37\" "
                  "text-anchor=\"middle\">");
    txt(out, c->empty ? c->empty : "No data yet");
    buf_puts(out, "</text>");
    return close_svg(out);
}

static double largest(const struct web_chart_item *items, int n)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        if (clean(items[i].value) > max)
            max = clean(items[i].value);
    return max;
}

/* Percent of max, 0 when max is 0. */
static double pct(double v, double max)
{
    return max > 0 ? 100.0 * clean(v) / max : 0;
}

/* The part of an item, within 0..value. */
static double part_of(const struct web_chart_item *it)
{
    double v = clean(it->value), p = clean(it->part);
    return p > v ? v : p;
}

int web_chart_bars(struct buf *out, const struct web_chart *c, const struct web_chart_item *items,
                   int n)
{
    if (n <= 0 || !items)
        return empty_chart(out, c, "bars");
    double max = largest(items, n);
    open_svg(out, c, "bars", n * BAR_ROW);
    for (int i = 0; i < n; i++) {
        const struct web_chart_item *it = &items[i];
        int y = i * BAR_ROW;
        buf_printf(out, "<g><text class=\"chart-label\" x=\"0\" y=\"%d\">", y + 15);
        label_txt(out, it->label);
        buf_printf(out,
                   "</text><text class=\"chart-value\" x=\"100%%\" y=\"%d\" "
                   "text-anchor=\"end\">",
                   y + 15);
        value_txt(out, it);
        buf_printf(out,
                   "</text><rect class=\"chart-track\" x=\"0\" y=\"%d\" width=\"100%%\" "
                   "height=\"%d\" rx=\"3\"/>",
                   y + 22, BAR_HEIGHT);
        buf_printf(out,
                   "<rect class=\"chart-bar\" x=\"0\" y=\"%d\" width=\"%.2f%%\" "
                   "height=\"%d\" rx=\"3\"/>",
                   y + 22, pct(it->value, max), BAR_HEIGHT);
        if (part_of(it) > 0)
            buf_printf(out,
                       "<rect class=\"chart-part\" x=\"0\" y=\"%d\" width=\"%.2f%%\" "
                       "height=\"%d\" rx=\"3\"/>",
                       y + 22, pct(part_of(it), max), BAR_HEIGHT);
        buf_puts(out, "</g>");
    }
    return close_svg(out);
}

/* A round maximum at or above v (v > 0): the smallest of 1, 2, 3, 4, 5, 6, 8 x 10^k;
 * 1 for nothing. Close steps keep the tallest column near the top. */
static double round_max(double v)
{
    static const double m[] = {1, 2, 3, 4, 5, 6, 8};
    if (v <= 0)
        return 1;
    double step = pow(10, floor(log10(v)));
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (m[i] * step >= v)
            return m[i] * step;
    return 10 * step;
}

static void gridline(struct buf *out, double value, double max)
{
    double y = COL_TOP + COL_PLOT - COL_PLOT * value / max;
    buf_printf(out,
               "<line class=\"chart-grid\" x1=\"0\" x2=\"100%%\" y1=\"%.1f\" y2=\"%.1f\"/>"
               "<text class=\"chart-axis\" x=\"100%%\" y=\"%.1f\" text-anchor=\"end\">",
               y, y, y - 4);
    if (value == floor(value))
        buf_printf(out, "%.0f", value);
    else
        buf_printf(out, "%.1f", value);
    buf_puts(out, "</text>");
}

int web_chart_columns(struct buf *out, const struct web_chart *c,
                      const struct web_chart_item *items, int n)
{
    if (n <= 0 || !items)
        return empty_chart(out, c, "columns");
    double max = round_max(largest(items, n));
    open_svg(out, c, "columns", COL_TOP + COL_PLOT + COL_AXIS);
    gridline(out, max, max);
    if (max >= 2 && max / 2 == floor(max / 2)) /* no half-ticket gridlines */
        gridline(out, max / 2, max);
    double slot = COL_AREA / n, width = slot * 0.7;
    int base = COL_TOP + COL_PLOT;
    for (int i = 0; i < n; i++) {
        const struct web_chart_item *it = &items[i];
        double h = COL_PLOT * clean(it->value) / max, hp = COL_PLOT * part_of(it) / max;
        double x = i * slot + (slot - width) / 2;
        /* The whole slot takes the pointer, so a tooltip shows even for zero. */
        buf_printf(out, "<g class=\"chart-col\"><title>");
        txt(out, it->label);
        buf_puts(out, ": ");
        value_txt(out, it);
        buf_printf(out,
                   "</title><rect class=\"chart-hit\" x=\"%.3f%%\" y=\"%d\" width=\"%.3f%%\" "
                   "height=\"%d\"/>",
                   i * slot, COL_TOP, slot, COL_PLOT);
        if (h > 0)
            buf_printf(out,
                       "<rect class=\"chart-bar\" x=\"%.3f%%\" y=\"%.1f\" width=\"%.3f%%\" "
                       "height=\"%.1f\"/>",
                       x, base - h, width, h);
        if (hp > 0)
            buf_printf(out,
                       "<rect class=\"chart-part\" x=\"%.3f%%\" y=\"%.1f\" "
                       "width=\"%.3f%%\" height=\"%.1f\"/>",
                       x, base - hp, width, hp);
        buf_puts(out, "</g>");
    }
    gridline(out, 0, max); /* the baseline, over the columns' feet */
    /* x labels every 7th column from the last; those near an edge align to it so
     * they stay inside the chart. */
    for (int i = n - 1; i >= 0; i -= COL_LABEL_EVERY) {
        const char *anchor = "middle";
        double x = (i + 0.5) * slot;
        if (n > 1 && i == n - 1) {
            anchor = "end";
            x = (i + 1) * slot;
        } else if (x < 8.0) {
            anchor = "start";
            x = i * slot;
        }
        buf_printf(out, "<text class=\"chart-axis\" x=\"%.3f%%\" y=\"%d\" text-anchor=\"%s\">", x,
                   base + 17, anchor);
        label_txt(out, items[i].label);
        buf_puts(out, "</text>");
    }
    return close_svg(out);
}

#define LINE_TOP 26    /* px above the plot: the legend */
#define LINE_PLOT 150  /* px of plot height */
#define LINE_AXIS 22   /* px below the plot, for the x labels */
#define LINE_AREA 90.0 /* percent of the width for the plot; the rest holds the y values */

/* The plot is a nested SVG stretched over the plot area, so the lines' points are
 * plain numbers (x 0..100, y 0..100) whatever the page's width; strokes keep
 * their width (non-scaling-stroke). Text stays outside it, in the outer SVG. */
int web_chart_lines(struct buf *out, const struct web_chart *c, const double *x, int n,
                    const struct web_chart_line *lines, int nlines, double marker,
                    const char *marker_text)
{
    if (n < 2 || !x || !lines || nlines <= 0)
        return empty_chart(out, c, "lines");
    open_svg(out, c, "lines", LINE_TOP + LINE_PLOT + LINE_AXIS);
    for (int l = 0; l < nlines; l++) { /* the legend */
        buf_printf(out,
                   "<rect class=\"%s-key\" x=\"%d%%\" y=\"6\" width=\"14\" height=\"4\"/>"
                   "<text class=\"chart-axis\" x=\"%d.5%%\" y=\"12\">",
                   lines[l].cls, 30 * l, 30 * l + 3);
        txt(out, lines[l].name);
        buf_puts(out, "</text>");
    }
    for (int g = 0; g <= 2; g++) { /* gridlines at 0, 50, 100 % */
        double y = LINE_TOP + LINE_PLOT - LINE_PLOT * g / 2.0;
        buf_printf(out,
                   "<line class=\"chart-grid\" x1=\"0\" x2=\"%.0f%%\" y1=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"chart-axis\" x=\"100%%\" y=\"%.1f\" "
                   "text-anchor=\"end\">%d%%</text>",
                   LINE_AREA, y, y, y + 4, 50 * g);
    }
    buf_printf(out,
               "<svg x=\"0\" y=\"%d\" width=\"%.0f%%\" height=\"%d\" viewBox=\"0 0 100 100\" "
               "preserveAspectRatio=\"none\">",
               LINE_TOP, LINE_AREA, LINE_PLOT);
    for (int l = 0; l < nlines; l++) {
        buf_printf(out, "<polyline class=\"%s\" vector-effect=\"non-scaling-stroke\" points=\"",
                   lines[l].cls);
        for (int i = 0; i < n; i++) {
            double xv = clean(x[i]) > 1 ? 1 : clean(x[i]), yv = clean(lines[l].y[i]);
            buf_printf(out, "%s%.2f,%.2f", i ? " " : "", 100 * xv, 100 - 100 * (yv > 1 ? 1 : yv));
        }
        buf_puts(out, "\"/>");
    }
    if (marker >= 0 && marker <= 1)
        buf_printf(out,
                   "<line class=\"chart-marker\" vector-effect=\"non-scaling-stroke\" "
                   "x1=\"%.2f\" x2=\"%.2f\" y1=\"0\" y2=\"100\"/>",
                   100 * marker, 100 * marker);
    buf_puts(out, "</svg>");
    int base = LINE_TOP + LINE_PLOT;
    static const char *const ticks[] = {"0", "0.5", "1"};
    for (int k = 0; k <= 2; k++)
        buf_printf(out,
                   "<text class=\"chart-axis\" x=\"%.1f%%\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                   LINE_AREA * k / 2, base + 16,
                   k == 0   ? "start"
                   : k == 1 ? "middle"
                            : "end",
                   ticks[k]);
    if (marker >= 0 && marker <= 1 && marker_text) {
        double mx = LINE_AREA * marker;
        buf_printf(out, "<text class=\"chart-label\" x=\"%.1f%%\" y=\"%d\" text-anchor=\"%s\">", mx,
                   LINE_TOP + 14, mx > LINE_AREA / 2 ? "end" : "start");
        label_txt(out, marker_text);
        buf_puts(out, "</text>");
    }
    return close_svg(out);
}
