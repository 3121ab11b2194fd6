/* admin_settings: GET /admin/settings — the settings form and the threshold
 * simulator (?confidence_threshold=: what that threshold would have done on the
 * labelled history, next to the current one) — and POST /admin/settings
 * (settings_update, as PUT /api/admin/settings). */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "intent/intent_simulate.h"
#include "pages.h"
#include "pipeline/model_report.h"
#include "pipeline/pipeline.h"
#include "settings/settings.h"
#include "ticket/ticket_stats.h"

/* A form value as the JSON type the API takes: booleans from the On/Off select,
 * whole numbers as integers, other numbers as numbers; anything else stays text
 * so settings_update names the field like the API would. */
static void put_typed(struct jbuild *o, const struct setting_def *def, const char *text)
{
    long long i;
    double x;
    if (def->nullable && !*text)
        jb_null(o, def->name); /* emptied: back to the default (the model's choice) */
    else if (def->boolean && (strcmp(text, "1") == 0 || strcmp(text, "0") == 0))
        jb_bool(o, def->name, text[0] == '1');
    else if (!def->boolean && num_parse_ll(text, -(1LL << 53), 1LL << 53, &i) == 0)
        jb_int(o, def->name, i);
    else if (!def->boolean && num_parse_double(text, -1e300, 1e300, &x) == 0)
        jb_dbl(o, def->name, x);
    else
        jb_str(o, def->name, text);
}

/* {"name": "text"} of the form's setting fields, or of the stored settings. */
static json_object *values(struct arena *a, const struct web_form *f, const struct settings *s)
{
    struct jbuild o;
    jb_object(&o, a);
    for (int i = 0; i < setting_count; i++) {
        const struct setting_def *def = &setting_defs[i];
        char buf[32];
        const char *v = f ? web_form_get(f, def->name) : NULL;
        if (!v && def->nullable && !s->confidence_threshold_set)
            v = ""; /* automatic: the field stays empty */
        if (!v) {
            if (def->integer) /* whole: a quota of a million must not come back as 1e+06 */
                snprintf(buf, sizeof buf, "%lld", (long long)settings_get(s, def->name));
            else
                snprintf(buf, sizeof buf, "%g", settings_get(s, def->name));
            v = buf;
        }
        jb_str(&o, def->name, v);
    }
    return jb_finish(&o);
}

/* Percentages for a simulation and its per-intent rows (from the JSON numbers). */
static int decorate(struct arena *a, json_object *sim)
{
    json_object *rows = NULL, *v;
    struct jbuild d;
    jb_extend(&d, a, sim);
    double rate =
        json_object_object_get_ex(sim, "automation_rate", &v) && v ? json_object_get_double(v) : -1;
    double prec = json_object_object_get_ex(sim, "estimated_precision", &v) && v
                      ? json_object_get_double(v)
                      : -1;
    pages_pct(&d, "rate_pct", rate);
    pages_pct(&d, "precision_pct", prec);
    if (!json_object_object_get_ex(sim, "by_intent", &rows))
        return jb_finish(&d) ? 0 : -1; /* a per-intent row itself */
    jb_bool(&d, "has_intents", json_object_array_length(rows) > 0);
    if (!jb_finish(&d))
        return -1;
    for (size_t i = 0; i < json_object_array_length(rows); i++)
        if (decorate(a, json_object_array_get_idx(rows, i)))
            return -1;
    return 0;
}

/* The simulation at threshold, decorated; NULL on failure. */
static json_object *simulate(struct request *req, double threshold, struct app_err *err)
{
    struct stats_range all = {NULL, NULL};
    json_object *o;
    if (simulate_json(req->arena, threshold, NULL, &all, &o, err))
        return NULL;
    if (decorate(req->arena, o)) {
        err_unavailable(err, "out of memory");
        return NULL;
    }
    return o;
}

static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors, struct app_err *err)
{
    struct settings s;
    struct threshold global;
    struct field_value q[SIM_Q_N];
    struct app_err bad;
    err_clear(&bad);
    if (pipeline_settings(&s, &global, NULL, err))
        return -1;
    int invalid = validate_query(req->query, req->nquery, simulate_query, SIM_Q_N, q, &bad);
    bool asked = !invalid && q[SIM_Q_THRESHOLD].present;
    json_object *report = NULL;
    if (model_report_json(req->arena, &report, err))
        return -1;
    json_object *current = simulate(req, s.confidence_threshold, err), *sim = NULL;
    if (!current)
        return -1;
    if (asked && !(sim = simulate(req, q[SIM_Q_THRESHOLD].d, err)))
        return -1;
    const char *asked_text = request_query(req, "confidence_threshold");
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "values", values(req->arena, form, &s));
    jb_bool(&d, "auto_on",
            form && web_form_get(form, "auto_resolve_enabled")
                ? strcmp(web_form_get(form, "auto_resolve_enabled"), "1") == 0
                : s.auto_resolve_enabled);
    jb_str(&d, "sim_text", asked_text ? asked_text : "");
    char now[16];
    snprintf(now, sizeof now, "%.2f", s.confidence_threshold);
    jb_str(&d, "threshold_now", now);
    jb_bool(&d, "threshold_explicit", s.confidence_threshold_set);
    if (pages_model_chart(req, report, &d, "curve_chart"))
        return err_unavailable(err, "out of memory");
    jb_child(&d, "current", current);
    if (sim) {
        jb_child(&d, "sim", sim);
        jb_bool(&d, "sim_differs", q[SIM_Q_THRESHOLD].d != s.confidence_threshold);
    }
    return pages_show_admin(req, res, invalid ? 422 : status, "admin_settings", "Settings",
                            "settings", &d, invalid ? &bad : errors, err);
}

int page_admin_settings(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

int page_admin_settings_save(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    struct settings s;
    err_clear(&bad);
    if (web_form_parse(req, &f, err))
        return -1;
    struct jbuild changes;
    jb_object(&changes, req->arena);
    for (int i = 0; i < setting_count; i++) {
        const char *v = web_form_get(&f, setting_defs[i].name);
        if (v)
            put_typed(&changes, &setting_defs[i], v);
    }
    if (!jb_finish(&changes))
        return err_unavailable(err, "out of memory");
    if (settings_update(changes.o, req->user.id, &s, &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &f, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/admin/settings?done=settings_saved");
}
