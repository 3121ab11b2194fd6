/* model_report: the stored cross-validation report plus the threshold in force. */
#include "pipeline/model_report.h"

#include <math.h>

#include "ai/model.h"
#include "pipeline/pipeline.h"
#include "json/jbuild.h"

#define CURVE_POINTS 21 /* every 0.05 */

static struct json_object *curve_json(struct arena *a, const struct ai_model *m)
{
    struct ai_curve_point pts[CURVE_POINTS];
    size_t n = m ? ai_model_curve(m, NULL, pts, CURVE_POINTS) : 0;
    struct jbuild arr;
    jb_array(&arr, a);
    for (size_t i = 0; i < n; i++) {
        struct jbuild p;
        jb_object(&p, a);
        jb_dbl(&p, "threshold", round(100 * pts[i].threshold) / 100);
        jb_dbl(&p, "precision", pts[i].precision);
        jb_dbl(&p, "coverage", pts[i].coverage);
        jb_push_child(&arr, jb_finish(&p));
    }
    return jb_finish(&arr);
}

static struct json_object *intents_json(struct arena *a, const struct ai_model *m,
                                        const struct ai_model_report *r, double target)
{
    struct jbuild arr;
    jb_array(&arr, a);
    for (size_t i = 0; r && i < r->nintents; i++) {
        struct ai_report_intent ri;
        if (ai_model_report_intent(m, i, &ri))
            continue;
        double t, precision, coverage;
        struct jbuild o;
        jb_object(&o, a);
        jb_str(&o, "intent", ri.name);
        jb_dbl(&o, "f1", ri.f1);
        jb_dbl(&o, "precision", ri.precision);
        jb_dbl(&o, "recall", ri.recall);
        jb_int(&o, "support", ri.support);
        if (ai_model_threshold(m, ri.name, target, &t, &precision, &coverage) == 0)
            jb_dbl(&o, "threshold", t);
        else
            jb_null(&o, "threshold"); /* too little data: the global threshold applies */
        jb_push_child(&arr, jb_finish(&o));
    }
    return jb_finish(&arr);
}

static struct json_object *confused_json(struct arena *a, const struct ai_model *m,
                                         const struct ai_model_report *r)
{
    struct jbuild arr;
    jb_array(&arr, a);
    for (size_t i = 0; r && i < r->npairs; i++) {
        struct ai_confused_pair p;
        if (ai_model_report_pair(m, i, &p))
            continue;
        struct jbuild o;
        jb_object(&o, a);
        jb_str(&o, "intent", p.true_intent);
        jb_str(&o, "predicted", p.predicted_intent);
        jb_int(&o, "count", p.count);
        jb_push_child(&arr, jb_finish(&o));
    }
    return jb_finish(&arr);
}

static struct json_object *build_json(struct arena *a, const struct ai_model_report *r)
{
    struct jbuild o;
    jb_object(&o, a);
    jb_dbl(&o, "target_precision", r->build_target_precision);
    jb_dbl(&o, "threshold", r->build_threshold);
    jb_dbl(&o, "precision", r->build_precision);
    jb_dbl(&o, "coverage", r->build_coverage);
    jb_int(&o, "folds", r->folds);
    jb_int(&o, "cv_in_scope", r->ncv_in_scope);
    jb_int(&o, "cv_unknown", r->ncv_unknown);
    return jb_finish(&o);
}

/* Precision and coverage the stored curve estimates at threshold t (nearest 0.01). */
static void estimate_at(const struct ai_model *m, double t, struct jbuild *o)
{
    struct ai_curve_point pts[101];
    size_t n = m ? ai_model_curve(m, NULL, pts, 101) : 0;
    long i = lround(t * 100);
    if (n == 101 && i >= 0 && i <= 100) {
        jb_dbl(o, "estimated_precision", pts[i].precision);
        jb_dbl(o, "estimated_coverage", pts[i].coverage);
    } else {
        jb_null(o, "estimated_precision");
        jb_null(o, "estimated_coverage");
    }
}

int model_report_json(struct arena *a, struct json_object **out, struct app_err *err)
{
    const struct ai_model *m;
    struct settings s;
    struct threshold global;
    if (pipeline_settings(&s, &global, &m, err))
        return -1;
    const struct ai_model_report *r = m ? ai_model_report(m) : NULL;
    struct jbuild o;
    jb_object(&o, a);
    if (m) {
        jb_int(&o, "model_version", (long long)ai_model_version(m));
        jb_int(&o, "intents", (long long)ai_model_nintents(m));
        jb_int(&o, "resolved_tickets", (long long)ai_model_ntickets(m));
    } else {
        jb_null(&o, "model_version");
        jb_int(&o, "intents", 0);
        jb_int(&o, "resolved_tickets", 0);
    }
    if (r) {
        jb_int(&o, "negatives", r->nnegatives);
        jb_dbl(&o, "cv_accuracy", r->cv_accuracy);
        jb_dbl(&o, "cv_macro_f1", r->cv_macro_f1);
        jb_dbl(&o, "oos_false_accept_rate", r->oos_false_accept_rate);
        jb_child(&o, "build", build_json(a, r));
    } else {
        jb_int(&o, "negatives", 0);
        jb_null(&o, "cv_accuracy");
        jb_null(&o, "cv_macro_f1");
        jb_null(&o, "oos_false_accept_rate");
        jb_null(&o, "build");
    }
    jb_dbl(&o, "target_precision", s.auto_resolve_target_precision);
    jb_dbl(&o, "threshold", global.value);
    jb_str(&o, "threshold_source", threshold_source_name(global.source));
    estimate_at(m, global.value, &o);
    jb_child(&o, "curve", curve_json(a, m));
    jb_child(&o, "by_intent", intents_json(a, m, r, s.auto_resolve_target_precision));
    jb_child(&o, "confused", confused_json(a, m, r));
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}
