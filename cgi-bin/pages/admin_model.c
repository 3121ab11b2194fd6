/* admin_model: GET /admin/model — the model's report (GET /api/admin/model) for people:
 * how well it knows each intent, which intents it confuses, how often it would answer a
 * question about a topic it was never taught, and the precision/automation curve with
 * the threshold in force. pages_model_chart draws that curve for /admin/settings too. */
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "pipeline/model_report.h"
#include "web/web_chart.h"

/* A number of the report, or -1 when it is null or missing. */
static double num(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && v ? json_object_get_double(v) : -1;
}

int pages_model_chart(struct request *req, json_object *report, struct jbuild *d, const char *key)
{
    json_object *curve;
    size_t n =
        json_object_object_get_ex(report, "curve", &curve) ? json_object_array_length(curve) : 0;
    double *x = arena_calloc(req->arena, n + 1, sizeof *x);
    double *prec = arena_calloc(req->arena, n + 1, sizeof *prec);
    double *cov = arena_calloc(req->arena, n + 1, sizeof *cov);
    if (!x || !prec || !cov)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_object *p = json_object_array_get_idx(curve, i);
        x[i] = num(p, "threshold");
        prec[i] = num(p, "precision");
        cov[i] = num(p, "coverage");
    }
    const struct web_chart_line lines[] = {{"Estimated precision", "chart-line-a", prec},
                                           {"Answered automatically", "chart-line-b", cov}};
    static const struct web_chart c = {
        "curve", "Estimated precision and automation by confidence threshold",
        "Cross-validated at training time, unknown topics included; the dashed line is the "
        "threshold in force.",
        "No estimate yet: the model needs at least three intents to measure itself."};
    double t = num(report, "threshold");
    char label[48];
    snprintf(label, sizeof label, "threshold %.2f", t);
    struct buf b;
    buf_init(&b);
    int rc = web_chart_lines(&b, &c, x, (int)n, lines, 2, n ? t : -1, label);
    if (rc)
        jb_text(d, key, NULL);
    else
        jb_strn(d, key, buf_str(&b), b.len);
    buf_cleanup(&b);
    return rc;
}

/* A threshold as people read it: "0.62", or what applies when there is none. */
static void put_threshold(struct jbuild *d, const char *key, double t, const char *none)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.2f", t);
    jb_str(d, key, t >= 0 ? buf : none);
}

/* Per-intent rows as the table shows them. */
static int decorate_intents(struct arena *a, json_object *rows)
{
    for (size_t i = 0; rows && i < json_object_array_length(rows); i++) {
        json_object *row = json_object_array_get_idx(rows, i);
        struct jbuild d;
        jb_extend(&d, a, row);
        pages_pct(&d, "f1_pct", num(row, "f1"));
        pages_pct(&d, "precision_pct", num(row, "precision"));
        pages_pct(&d, "recall_pct", num(row, "recall"));
        put_threshold(&d, "threshold_text", num(row, "threshold"), "global");
        if (!jb_finish(&d))
            return -1;
    }
    return 0;
}

/* Curve points as the table shows them. */
static int decorate_curve(struct arena *a, json_object *rows)
{
    for (size_t i = 0; rows && i < json_object_array_length(rows); i++) {
        json_object *row = json_object_array_get_idx(rows, i);
        struct jbuild d;
        jb_extend(&d, a, row);
        put_threshold(&d, "threshold_text", num(row, "threshold"), "");
        pages_pct(&d, "precision_pct", num(row, "precision"));
        pages_pct(&d, "coverage_pct", num(row, "coverage"));
        if (!jb_finish(&d))
            return -1;
    }
    return 0;
}

int page_admin_model(struct request *req, struct response *res, struct app_err *err)
{
    json_object *r;
    if (model_report_json(req->arena, &r, err))
        return -1;
    json_object *rows = NULL;
    struct jbuild d;
    jb_extend(&d, req->arena, r);
    pages_pct(&d, "accuracy_pct", num(r, "cv_accuracy"));
    pages_pct(&d, "f1_pct", num(r, "cv_macro_f1"));
    pages_pct(&d, "oos_pct", num(r, "oos_false_accept_rate"));
    pages_pct(&d, "target_pct", num(r, "target_precision"));
    pages_pct(&d, "est_precision_pct", num(r, "estimated_precision"));
    pages_pct(&d, "est_coverage_pct", num(r, "estimated_coverage"));
    put_threshold(&d, "threshold_text", num(r, "threshold"), "");
    jb_bool(&d, "has_model", num(r, "model_version") > 0);
    jb_bool(&d, "threshold_by_model",
            json_object_object_get_ex(r, "threshold_source", &rows) &&
                strcmp(json_object_get_string(rows), "model") == 0);
    if (json_object_object_get_ex(r, "confused", &rows))
        jb_bool(&d, "has_confused", json_object_array_length(rows) > 0);
    if (pages_model_chart(req, r, &d, "chart") || !jb_finish(&d) ||
        !json_object_object_get_ex(r, "by_intent", &rows) || decorate_intents(req->arena, rows) ||
        !json_object_object_get_ex(r, "curve", &rows) || decorate_curve(req->arena, rows))
        return err_unavailable(err, "out of memory");
    struct jbuild page;
    jb_object(&page, req->arena);
    jb_child(&page, "m", r);
    return pages_show_admin(req, res, 200, "admin_model", "Model", "model", &page, NULL, err);
}
