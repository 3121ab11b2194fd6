/* stats: GET /api/admin/stats and GET /api/admin/simulate. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "db/db_intents.h"
#include "db/db_settings.h"
#include "db/db_stats.h"
#include "json/validate.h"
#include "ticket/lifecycle.h"
#include "ticket/simulate.h"
#include "view/view_intent.h"

static json_object *ratio(long long num, long long den)
{
    return den > 0 ? json_object_new_double((double)num / (double)den) : NULL;
}

static json_object *maybe(double v) { return v >= 0 ? json_object_new_double(v) : NULL; }

/* "2026-11-23" or "2026-11-23T22:59:32Z" → "2026-11-23 22:59:32" for SQL; NULL if malformed. */
static const char *sql_time(struct arena *a, const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    char tail[8] = "";
    size_t len = strlen(s);
    if (len == 10 && sscanf(s, "%4d-%2d-%2d%7s", &y, &mo, &d, tail) == 3)
        ;
    else if (len == 20 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &se, tail) == 7 &&
             strcmp(tail, "Z") == 0)
        ;
    else
        return NULL;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return NULL;
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, se);
}

static int range_from_query(struct request *req, struct stats_range *r, struct app_err *err)
{
    const char *names[2] = {"since", "until"};
    const char **dst[2] = {&r->since, &r->until};
    for (int i = 0; i < 2; i++) {
        const char *v = request_query(req, names[i]);
        *dst[i] = NULL;
        if (!v || !*v)
            continue;
        if (!(*dst[i] = sql_time(req->arena, v)))
            return err_set(err, ERR_BAD_REQUEST,
                           "query parameter %s must be an RFC 3339 UTC time or a date", names[i]);
    }
    return 0;
}

/* Attach the catalogue's pause state to a per-intent row. */
static void add_pause_state(struct request *req, json_object *row, const char *name)
{
    struct intent in;
    bool found = false;
    struct app_err ignore;
    err_clear(&ignore);
    if (name && db_intents_get(req->arena, name, &in, &found, &ignore) == 0 && found) {
        json_object_object_add(row, "measured_precision", maybe(intent_measured_precision(&in)));
        json_object_object_add(row, "auto_paused", json_object_new_boolean(in.auto_paused));
    } else {
        json_object_object_add(row, "measured_precision", NULL);
        json_object_object_add(row, "auto_paused", json_object_new_boolean(false));
    }
}

int admin_stats(struct request *req, struct response *res, struct app_err *err)
{
    struct stats_range r;
    struct stats s;
    if (range_from_query(req, &r, err) || db_stats_load(req->arena, &r, &s, err))
        return -1;
    json_object *o = json_object_new_object(), *by_status = json_object_new_object(),
                *by_intent = json_object_new_array();
    if (!o || !by_status || !by_intent) {
        json_object_put(o);
        json_object_put(by_status);
        json_object_put(by_intent);
        return err_unavailable(err, "out of memory");
    }
    for (int i = 0; i < TS_COUNT; i++)
        json_object_object_add(by_status, ticket_status_name(i), json_object_new_int64(s.by_status[i]));
    for (int i = 0; i < s.nintents; i++) {
        const struct stats_intent *si = &s.by_intent[i];
        json_object *row = json_object_new_object();
        json_object_object_add(row, "intent", si->intent ? json_object_new_string(si->intent) : NULL);
        json_object_object_add(row, "tickets", json_object_new_int64(si->tickets));
        json_object_object_add(row, "auto_resolved", json_object_new_int64(si->auto_resolved));
        json_object_object_add(row, "helpful", json_object_new_int64(si->helpful));
        json_object_object_add(row, "not_helpful", json_object_new_int64(si->not_helpful));
        add_pause_state(req, row, si->intent);
        json_object_array_add(by_intent, row);
    }
    json_object_object_add(o, "tickets", json_object_new_int64(s.tickets));
    json_object_object_add(o, "by_status", by_status);
    json_object_object_add(o, "auto_resolved", json_object_new_int64(s.auto_resolved));
    json_object_object_add(o, "auto_resolution_rate", ratio(s.auto_resolved, s.tickets));
    json_object_object_add(o, "auto_resolution_precision", ratio(s.rated_auto_helpful, s.rated_auto));
    json_object_object_add(o, "rated_auto_resolutions", json_object_new_int64(s.rated_auto));
    json_object_object_add(o, "confirmed_resolutions", json_object_new_int64(s.confirmed_resolutions));
    json_object_object_add(o, "reopened_after_auto", json_object_new_int64(s.reopened_after_auto));
    json_object_object_add(o, "csat", ratio(s.satisfied, s.ratings));
    json_object_object_add(o, "ratings", json_object_new_int64(s.ratings));
    json_object_object_add(o, "median_first_response_seconds",
                           s.has_median ? json_object_new_double(s.median_first_response) : NULL);
    json_object_object_add(o, "by_intent", by_intent);
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}

static json_object *sim_json(const struct sim_result *r)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    json_object_object_add(o, "tickets", json_object_new_int64(r->tickets));
    json_object_object_add(o, "would_auto_resolve", json_object_new_int64(r->would_auto_resolve));
    json_object_object_add(o, "automation_rate", maybe(simulate_rate(r)));
    json_object_object_add(o, "estimated_precision", maybe(simulate_precision(r)));
    return o;
}

int admin_simulate(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec query[] = {
        {"confidence_threshold", FT_NUMBER, 0, 0, 0, 0.0, 1.0, NULL},
        {"intent", FT_STRING, FS_IDENT, 1, 64, 0, 0, NULL},
    };
    struct field_value q[2];
    struct settings set;
    struct stats_range range;
    if (validate_query(req, query, 2, q, err) || range_from_query(req, &range, err) ||
        db_settings_load(&set, err))
        return -1;
    double t = q[0].present ? q[0].d : set.confidence_threshold;
    struct sim_case *cases;
    int n;
    if (db_stats_labelled(req->arena, q[1].present ? q[1].s : NULL, &range, &cases, &n, err))
        return -1;
    struct sim_result all;
    simulate_run(cases, n, t, &all);
    json_object *o = sim_json(&all), *by_intent = json_object_new_array();
    if (!o || !by_intent) {
        json_object_put(o);
        json_object_put(by_intent);
        return err_unavailable(err, "out of memory");
    }
    /* Per intent: group the cases by predicted intent (few intents, so a scan each). */
    const char **seen = arena_calloc(req->arena, (size_t)n + 1, sizeof *seen);
    struct sim_case *group = arena_calloc(req->arena, (size_t)n + 1, sizeof *group);
    if (!seen || !group) {
        json_object_put(o);
        json_object_put(by_intent);
        return err_unavailable(err, "out of memory");
    }
    int nseen = 0;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < nseen && strcmp(seen[k], cases[i].predicted) != 0)
            k++;
        if (k < nseen)
            continue;
        seen[nseen++] = cases[i].predicted;
        int m = 0;
        for (int j = i; j < n; j++)
            if (strcmp(cases[j].predicted, cases[i].predicted) == 0)
                group[m++] = cases[j];
        struct sim_result r;
        simulate_run(group, m, t, &r);
        json_object *row = sim_json(&r);
        json_object_object_add(row, "intent", json_object_new_string(cases[i].predicted));
        json_object_array_add(by_intent, row);
    }
    json_object_object_add(o, "confidence_threshold", json_object_new_double(t));
    json_object_object_add(o, "by_intent", by_intent);
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}
