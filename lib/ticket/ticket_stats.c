/* ticket_stats: the dashboard's numbers as JSON built from db_stats, and the daily series. */
#include "ticket/ticket_stats.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/utc_time.h"
#include "db/db_admin_daily.h"
#include "db/db_deflections.h"
#include "db/db_intents.h"
#include "db/db_settings.h"
#include "intent/intent_guard.h"
#include "ticket/lifecycle.h"
#include "json/jbuild.h"

int ticket_stats_range(struct arena *a, const char *since, const char *until, struct stats_range *r,
                       struct app_err *err)
{
    const char *names[2] = {"since", "until"};
    const char *given[2] = {since, until};
    const char **dst[2] = {&r->since, &r->until};
    for (int i = 0; i < 2; i++) {
        *dst[i] = NULL;
        if (!given[i] || !*given[i])
            continue;
        struct utc_time t;
        if (!utc_time_parse(given[i], &t))
            return err_bad_field(err, names[i],
                                 "must be a real date (2026-11-23) or RFC 3339 UTC time "
                                 "(2026-11-23T22:59:32Z)");
        /* As SQL reads it: "2026-11-23 22:59:32". */
        if (!(*dst[i] = arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day,
                                     t.hour, t.minute, t.second)))
            return err_unavailable(err, "out of memory");
    }
    return 0;
}

/* Attach the catalogue's pause state to a per-intent row (an intent no longer in
 * the catalogue shows as "not paused, not measured"). */
static void add_pause_state(struct jbuild *row, const struct stats_intent *si)
{
    struct intent in = {.auto_helpful = si->auto_helpful, .auto_unhelpful = si->auto_unhelpful};
    if (si->in_catalogue)
        jb_measured(row, "measured_precision", intent_measured_precision(&in));
    else
        jb_null(row, "measured_precision");
    jb_bool(row, "auto_paused", si->in_catalogue && si->auto_paused);
}

static json_object *intent_row(struct arena *a, int i, const void *rows)
{
    const struct stats_intent *si = (const struct stats_intent *)rows + i;
    struct jbuild row;
    jb_object(&row, a);
    jb_str(&row, "intent", si->intent); /* NULL: tickets without an intent */
    jb_int(&row, "tickets", si->tickets);
    jb_int(&row, "auto_resolved", si->auto_resolved);
    jb_int(&row, "helpful", si->helpful);
    jb_int(&row, "not_helpful", si->not_helpful);
    add_pause_state(&row, si);
    return jb_finish(&row);
}

/* {"met", "missed", "attainment"} of one kind of SLA target. */
static struct json_object *sla_target(struct arena *a, long long met, long long missed)
{
    struct jbuild o;
    jb_object(&o, a);
    jb_int(&o, "met", met);
    jb_int(&o, "missed", missed);
    jb_ratio(&o, "attainment", met, met + missed);
    return jb_finish(&o);
}

static struct json_object *sla_json(struct arena *a, const struct stats *s)
{
    struct jbuild o;
    jb_object(&o, a);
    jb_child(&o, "first_response", sla_target(a, s->sla_first_met, s->sla_first_missed));
    jb_child(&o, "resolution", sla_target(a, s->sla_resolution_met, s->sla_resolution_missed));
    return jb_finish(&o);
}

static json_object *deflection_row(struct arena *a, int i, const void *rows)
{
    const struct deflection_count *c = (const struct deflection_count *)rows + i;
    struct jbuild row;
    jb_object(&row, a);
    jb_str(&row, "intent", c->intent);
    jb_int(&row, "deflected", c->count);
    return jb_finish(&row);
}

int ticket_stats_json(struct arena *a, const struct stats_range *r, struct json_object **out,
                      struct app_err *err)
{
    struct stats s;
    struct deflection_count *dc = NULL;
    int ndc = 0;
    long long deflected = 0;
    *out = NULL;
    if (db_stats_load(a, r, &s, err) ||
        db_deflections_by_intent(a, r, STATS_DEFLECTION_INTENTS, &dc, &ndc, &deflected, err))
        return -1;
    struct jbuild o, by_status;
    jb_object(&by_status, a);
    for (int i = 0; i < TS_COUNT; i++)
        jb_int(&by_status, ticket_status_name(i), s.by_status[i]);
    jb_object(&o, a);
    jb_int(&o, "tickets", s.tickets);
    jb_child(&o, "by_status", jb_finish(&by_status));
    jb_int(&o, "auto_resolved", s.auto_resolved);
    jb_ratio(&o, "auto_resolution_rate", s.auto_resolved, s.tickets);
    jb_ratio(&o, "auto_resolution_precision", s.rated_auto_helpful, s.rated_auto);
    jb_int(&o, "rated_auto_resolutions", s.rated_auto);
    jb_int(&o, "confirmed_resolutions", s.confirmed_resolutions);
    jb_int(&o, "reopened_after_auto", s.reopened_after_auto);
    jb_ratio(&o, "csat", s.satisfied, s.ratings);
    jb_int(&o, "ratings", s.ratings);
    if (s.has_median)
        jb_dbl(&o, "median_first_response_seconds", s.median_first_response);
    else
        jb_null(&o, "median_first_response_seconds");
    if (s.has_human_median)
        jb_dbl(&o, "median_human_first_response_seconds", s.median_human_first_response);
    else
        jb_null(&o, "median_human_first_response_seconds");
    if (s.has_auto_median)
        jb_dbl(&o, "median_auto_first_response_seconds", s.median_auto_first_response);
    else
        jb_null(&o, "median_auto_first_response_seconds");
    jb_int(&o, "auto_first_responses", s.auto_first_responses);
    jb_int(&o, "human_first_responses", s.human_first_responses);
    jb_child(&o, "sla", sla_json(a, &s));
    jb_child(&o, "by_intent", jb_rows(a, s.nintents, intent_row, s.by_intent));
    /* Questions answered before they were filed: no ticket, only the count. */
    jb_int(&o, "deflected", deflected);
    jb_child(&o, "deflected_by_intent", jb_rows(a, ndc, deflection_row, dc));
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}

/* The counts of one simulation into jb. */
int ticket_stats_daily(struct arena *a, time_t now, int days, struct stats_day **out,
                       struct app_err *err)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    *out = NULL;
    if (days < 1 || days > 366)
        return err_internal(err, "ticket_stats_daily: %d days", days);
    /* Midnight UTC of the first day: whole days back from today's midnight. */
    time_t first = now - now % 86400 - (time_t)(days - 1) * 86400;
    struct tm tm;
    if (!gmtime_r(&first, &tm))
        return err_internal(err, "ticket_stats_daily: bad clock");
    char since[32];
    if (strftime(since, sizeof since, "%Y-%m-%d 00:00:00", &tm) == 0)
        return err_internal(err, "ticket_stats_daily: bad date");
    struct db_day_count *rows;
    int nrows;
    struct stats_day *d = arena_calloc(a, (size_t)days, sizeof *d);
    if (!d)
        return err_unavailable(err, "out of memory");
    if (db_admin_daily(a, since, days, &rows, &nrows, err))
        return -1;
    int k = 0; /* both lists ascend by day: one merge pass */
    for (int i = 0; i < days; i++) {
        time_t t = first + (time_t)i * 86400;
        if (!gmtime_r(&t, &tm))
            return err_internal(err, "ticket_stats_daily: bad clock");
        if (strftime(d[i].day, sizeof d[i].day, "%Y-%m-%d", &tm) == 0)
            return err_internal(err, "ticket_stats_daily: bad date");
        snprintf(d[i].label, sizeof d[i].label, "%u %s", (unsigned)tm.tm_mday % 32u,
                 months[(unsigned)tm.tm_mon % 12u]);
        while (k < nrows && (!rows[k].day || strcmp(rows[k].day, d[i].day) < 0))
            k++;
        if (k < nrows && rows[k].day && strcmp(rows[k].day, d[i].day) == 0) {
            d[i].tickets = rows[k].tickets;
            d[i].auto_resolved = rows[k].auto_resolved;
        }
    }
    *out = d;
    return 0;
}
