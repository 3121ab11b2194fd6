/* admin_stats: stats and simulation JSON built from db_stats, and the daily series. */
#include "admin/admin_stats.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "db/db_admin_daily.h"
#include "db/db_intents.h"
#include "db/db_settings.h"
#include "ticket/lifecycle.h"
#include "ticket/simulate.h"
#include "view/view_intent.h"
#include "json/jbuild.h"

const struct field_spec admin_simulate_query[ADMIN_SIM_NQUERY] = {
    [ADMIN_SIM_THRESHOLD] = {"confidence_threshold", FT_NUMBER, 0, 0, 0, 0.0, 1.0, NULL},
    [ADMIN_SIM_INTENT] = {"intent", FT_STRING, FS_IDENT, 1, 64, 0, 0, NULL},
};

/* A share as a number, or null when nothing was counted (den 0) or v < 0. */
static void ratio(struct jbuild *jb, const char *key, long long num, long long den)
{
    if (den > 0)
        jb_dbl(jb, key, (double)num / (double)den);
    else
        jb_null(jb, key);
}

static void maybe(struct jbuild *jb, const char *key, double v)
{
    if (v >= 0)
        jb_dbl(jb, key, v);
    else
        jb_null(jb, key);
}

/* "2026-11-23" or "2026-11-23T22:59:32Z" → "2026-11-23 22:59:32" for SQL; NULL if malformed. */
static const char *sql_time(struct arena *a, const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    char tail[8] = "";
    size_t len = strlen(s);
    if (len == 10 && sscanf(s, "%4d-%2d-%2d%7s", &y, &mo, &d, tail) == 3)
        ;
    else if (len == 20 &&
             sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &se, tail) == 7 &&
             strcmp(tail, "Z") == 0)
        ;
    else
        return NULL;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        se > 60)
        return NULL;
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, se);
}

int admin_stats_range(struct arena *a, const char *since, const char *until, struct stats_range *r,
                      struct app_err *err)
{
    const char *names[2] = {"since", "until"};
    const char *given[2] = {since, until};
    const char **dst[2] = {&r->since, &r->until};
    for (int i = 0; i < 2; i++) {
        *dst[i] = NULL;
        if (!given[i] || !*given[i])
            continue;
        if (!(*dst[i] = sql_time(a, given[i])))
            return err_set(err, ERR_BAD_REQUEST,
                           "query parameter %s must be an RFC 3339 UTC time or a date", names[i]);
    }
    return 0;
}

/* Attach the catalogue's pause state to a per-intent row (an intent no longer in
 * the catalogue shows as "not paused, not measured"). */
static void add_pause_state(struct jbuild *row, const struct stats_intent *si)
{
    struct intent in = {.auto_helpful = si->auto_helpful, .auto_unhelpful = si->auto_unhelpful};
    if (si->in_catalogue)
        maybe(row, "measured_precision", intent_measured_precision(&in));
    else
        jb_null(row, "measured_precision");
    jb_bool(row, "auto_paused", si->in_catalogue && si->auto_paused);
}

static json_object *intent_row(const struct stats_intent *si)
{
    struct jbuild row;
    jb_init(&row);
    jb_str(&row, "intent", si->intent); /* NULL: tickets without an intent */
    jb_int(&row, "tickets", si->tickets);
    jb_int(&row, "auto_resolved", si->auto_resolved);
    jb_int(&row, "helpful", si->helpful);
    jb_int(&row, "not_helpful", si->not_helpful);
    add_pause_state(&row, si);
    return jb_finish(&row);
}

int admin_stats_json(struct arena *a, const struct stats_range *r, struct json_object **out,
                     struct app_err *err)
{
    struct stats s;
    *out = NULL;
    if (db_stats_load(a, r, &s, err))
        return -1;
    struct jbuild o, by_status;
    jb_init(&by_status);
    for (int i = 0; i < TS_COUNT; i++)
        jb_int(&by_status, ticket_status_name(i), s.by_status[i]);
    json_object *by_intent = json_object_new_array();
    for (int i = 0; by_intent && i < s.nintents; i++)
        if (jb_append(by_intent, intent_row(&s.by_intent[i]))) {
            json_object_put(by_intent);
            by_intent = NULL;
        }
    jb_init(&o);
    jb_int(&o, "tickets", s.tickets);
    jb_child(&o, "by_status", jb_finish(&by_status));
    jb_int(&o, "auto_resolved", s.auto_resolved);
    ratio(&o, "auto_resolution_rate", s.auto_resolved, s.tickets);
    ratio(&o, "auto_resolution_precision", s.rated_auto_helpful, s.rated_auto);
    jb_int(&o, "rated_auto_resolutions", s.rated_auto);
    jb_int(&o, "confirmed_resolutions", s.confirmed_resolutions);
    jb_int(&o, "reopened_after_auto", s.reopened_after_auto);
    ratio(&o, "csat", s.satisfied, s.ratings);
    jb_int(&o, "ratings", s.ratings);
    if (s.has_median)
        jb_dbl(&o, "median_first_response_seconds", s.median_first_response);
    else
        jb_null(&o, "median_first_response_seconds");
    jb_child(&o, "by_intent", by_intent);
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}

/* The counts of one simulation into jb. */
static void sim_counts(struct jbuild *jb, const struct sim_result *r)
{
    jb_int(jb, "tickets", r->tickets);
    jb_int(jb, "would_auto_resolve", r->would_auto_resolve);
    maybe(jb, "automation_rate", simulate_rate(r));
    maybe(jb, "estimated_precision", simulate_precision(r));
}

/* Per intent: group the cases by predicted intent (few intents, so a scan each)
 * and append one simulation row per intent to by_intent. */
static int simulate_by_intent(struct arena *a, const struct sim_case *cases, int n, double t,
                              json_object *by_intent)
{
    const char **seen = arena_calloc(a, (size_t)n + 1, sizeof *seen);
    struct sim_case *group = arena_calloc(a, (size_t)n + 1, sizeof *group);
    if (!seen || !group)
        return -1;
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
        struct jbuild row;
        jb_init(&row);
        sim_counts(&row, &r);
        jb_str(&row, "intent", cases[i].predicted);
        if (jb_append(by_intent, jb_finish(&row)))
            return -1;
    }
    return 0;
}

int admin_simulate_json(struct arena *a, double threshold, const char *intent,
                        const struct stats_range *r, struct json_object **out, struct app_err *err)
{
    *out = NULL;
    if (threshold < 0) {
        struct settings set;
        if (db_settings_load(&set, err))
            return -1;
        threshold = set.confidence_threshold;
    }
    struct sim_case *cases;
    int n;
    if (db_stats_labelled(a, intent, r, &cases, &n, err))
        return -1;
    struct sim_result all;
    simulate_run(cases, n, threshold, &all);
    json_object *by_intent = json_object_new_array();
    if (by_intent && simulate_by_intent(a, cases, n, threshold, by_intent)) {
        json_object_put(by_intent);
        by_intent = NULL;
    }
    struct jbuild o;
    jb_init(&o);
    sim_counts(&o, &all);
    jb_dbl(&o, "confidence_threshold", threshold);
    jb_child(&o, "by_intent", by_intent);
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}

int admin_stats_daily(struct arena *a, time_t now, int days, struct admin_day **out,
                      struct app_err *err)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    *out = NULL;
    if (days < 1 || days > 366)
        return err_internal(err, "admin_stats_daily: %d days", days);
    /* Midnight UTC of the first day: whole days back from today's midnight. */
    time_t first = now - now % 86400 - (time_t)(days - 1) * 86400;
    struct tm tm;
    if (!gmtime_r(&first, &tm))
        return err_internal(err, "admin_stats_daily: bad clock");
    char since[32];
    if (strftime(since, sizeof since, "%Y-%m-%d 00:00:00", &tm) == 0)
        return err_internal(err, "admin_stats_daily: bad date");
    struct db_day_count *rows;
    int nrows;
    struct admin_day *d = arena_calloc(a, (size_t)days, sizeof *d);
    if (!d)
        return err_unavailable(err, "out of memory");
    if (db_admin_daily(a, since, days, &rows, &nrows, err))
        return -1;
    int k = 0; /* both lists ascend by day: one merge pass */
    for (int i = 0; i < days; i++) {
        time_t t = first + (time_t)i * 86400;
        if (!gmtime_r(&t, &tm))
            return err_internal(err, "admin_stats_daily: bad clock");
        if (strftime(d[i].day, sizeof d[i].day, "%Y-%m-%d", &tm) == 0)
            return err_internal(err, "admin_stats_daily: bad date");
        snprintf(d[i].label, sizeof d[i].label, "%u %s", (unsigned)tm.tm_mday % 32u,
                 months[(unsigned)tm.tm_mon % 12u]);
        while (k < nrows && strcmp(rows[k].day, d[i].day) < 0)
            k++;
        if (k < nrows && strcmp(rows[k].day, d[i].day) == 0) {
            d[i].tickets = rows[k].tickets;
            d[i].auto_resolved = rows[k].auto_resolved;
        }
    }
    *out = d;
    return 0;
}
