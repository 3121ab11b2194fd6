/* web_chart: small charts as inline SVG markup for server-rendered pages — a
 * horizontal bar chart and a column chart. Every label is escaped here, at the
 * point of output; colours come from CSS classes (the pages' CSP allows no
 * inline styles); each chart is role="img" with a <title> (and <desc>). Sizes are
 * percentages of the chart's width, so one chart fits a phone and a desktop. */
#ifndef DESKPILOT_WEB_CHART_H
#define DESKPILOT_WEB_CHART_H

#include "core/buf.h"

struct web_chart_item {
    const char *label;      /* category name, any text (escaped); NULL = "" */
    double value;           /* the bar's length; negative or NaN counts as 0 */
    double part;            /* a share of value drawn darker (e.g. answered
                             * automatically), clamped to 0..value; 0 = none */
    const char *value_text; /* what to print for the value; NULL = the number */
};

struct web_chart {
    const char *id;    /* unique on the page; the chart's element ids derive from it */
    const char *title; /* the accessible name (<title>) */
    const char *desc;  /* a longer description (<desc>); NULL = none */
    const char *empty; /* shown when there are no items; NULL = "No data yet" */
};

/* Append a horizontal bar chart of items[0..n): one row per item with its label
 * on the left and its value on the right above a bar scaled to the largest value
 * (the largest is the full width; all zero draws no bars). Labels are cut to 48
 * characters. n <= 0 draws the empty message. 0, or -1 when memory ran out (then
 * out->failed is set and out holds a partial chart to discard). */
int web_chart_bars(struct buf *out, const struct web_chart *c, const struct web_chart_item *items,
                   int n);

/* Append a column chart of items[0..n) in order (e.g. one column per day): column
 * heights scaled to a round maximum at or above the largest value, gridlines at
 * 0, half and the maximum with their values, every 7th label counted back from
 * the last one on the x axis, and a tooltip (<title>) on each column. n <= 0 draws
 * the empty message. Returns as web_chart_bars. */
int web_chart_columns(struct buf *out, const struct web_chart *c,
                      const struct web_chart_item *items, int n);

/* One line of a line chart: y[i] in 0..1 at x[i], drawn with CSS class cls. */
struct web_chart_line {
    const char *name; /* for the legend (escaped) */
    const char *cls;  /* "chart-line-a" or "chart-line-b" (the stylesheet's colours) */
    const double *y;
};

/* Append a line chart over x[0..n) (ascending, 0..1) of nlines lines with values
 * 0..1 (percent gridlines at 0, 50 and 100 %), x labels at 0, 0.5 and 1, a legend,
 * and, when marker is in 0..1, a vertical line there labelled marker_text. n < 2
 * draws the empty message. Returns as web_chart_bars. */
int web_chart_lines(struct buf *out, const struct web_chart *c, const double *x, int n,
                    const struct web_chart_line *lines, int nlines, double marker,
                    const char *marker_text);

#endif
