/* admin_dashboard: GET /admin/ — the assistant's numbers (automation rate, precision,
 * CSAT, reopened after an automatic answer, median first response), tickets per day
 * and per intent as SVG charts, the per-intent table and the model version. The
 * numbers are GET /api/admin/stats's, from the same ticket_stats_json; the newest
 * tickets show what the pipeline decided for each. */
#include <json.h>
#include <stdio.h>
#include <time.h>

#include "pages.h"
#include "service/service.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_stats.h"
#include "web/web_chart.h"

#define DAYS 30
#define CHART_INTENTS 12
#define LATEST 6

/* A number from the stats object; -1 for null or absent (not measured). */
static double num(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && v ? json_object_get_double(v) : -1;
}

/* Add key: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; "—" when not measured. */
static void put_duration(struct jbuild *d, const char *key, double secs)
{
    char buf[32];
    long long s = (long long)secs;
    if (secs < 0)
        snprintf(buf, sizeof buf, "\xE2\x80\x94");
    else if (s < 60)
        snprintf(buf, sizeof buf, "%lld s", s);
    else if (s < 3600)
        snprintf(buf, sizeof buf, "%lld min", s / 60);
    else if (s < 86400)
        snprintf(buf, sizeof buf, "%lld h %lld min", s / 3600, s % 3600 / 60);
    else
        snprintf(buf, sizeof buf, "%lld d %lld h", s / 86400, s % 86400 / 3600);
    jb_str(d, key, buf);
}

/* Add key: a chart (printed raw: web_chart escaped every label); items NULL (out of
 * memory) counts as a failure. */
static void put_chart(struct jbuild *d, const char *key,
                      int (*draw)(struct buf *, const struct web_chart *,
                                  const struct web_chart_item *, int),
                      const struct web_chart *c, const struct web_chart_item *items, int n)
{
    struct buf b;
    buf_init(&b);
    if (!items || draw(&b, c, items, n))
        jb_text(d, key, NULL);
    else
        jb_strn(d, key, buf_str(&b), b.len);
    buf_cleanup(&b);
}

/* One column or bar: all tickets, the automatic answers drawn darker inside. */
static int set_item(struct arena *a, struct web_chart_item *it, const char *label,
                    long long tickets, long long autos, bool terse)
{
    it->label = label;
    it->value = (double)tickets;
    it->part = (double)autos;
    it->value_text =
        terse ? arena_printf(a, "%lld \xC2\xB7 %lld auto", tickets, autos)
              : arena_printf(a, "%lld tickets, %lld answered automatically", tickets, autos);
    return it->value_text ? 0 : -1;
}

static void put_daily_chart(struct jbuild *d, const struct stats_day *days, int n, struct arena *a)
{
    struct web_chart_item *items = arena_calloc(a, (size_t)n + 1, sizeof *items);
    for (int i = 0; items && i < n; i++)
        if (set_item(a, &items[i], days[i].label, days[i].tickets, days[i].auto_resolved, false))
            items = NULL;
    static const struct web_chart c = {
        .id = "chart-daily",
        .title = "Tickets per day, last 30 days",
        .desc = "Columns: tickets filed each day; the darker part was answered automatically.",
        .empty = "No tickets yet",
    };
    put_chart(d, "daily_chart", web_chart_columns, &c, items, n);
}

/* Bars for the busiest intents (the stats list them busiest first). */
static void put_intent_chart(struct jbuild *d, json_object *by_intent, struct arena *a)
{
    int n = (int)json_object_array_length(by_intent);
    if (n > CHART_INTENTS)
        n = CHART_INTENTS;
    struct web_chart_item *items = arena_calloc(a, (size_t)n + 1, sizeof *items);
    for (int i = 0; items && i < n; i++) {
        json_object *row = json_object_array_get_idx(by_intent, (size_t)i), *v;
        const char *name = json_object_object_get_ex(row, "intent", &v) && v
                               ? json_object_get_string(v)
                               : "(no intent)";
        if (set_item(a, &items[i], name, (long long)num(row, "tickets"),
                     (long long)num(row, "auto_resolved"), true))
            items = NULL;
    }
    static const struct web_chart c = {
        .id = "chart-intents",
        .title = "Tickets per intent",
        .desc = "Bars: tickets per intent; the darker part was answered automatically.",
        .empty = "No tickets yet",
    };
    put_chart(d, "intent_chart", web_chart_bars, &c, items, n);
}

/* The measured precision of each per-intent row as a percentage. */
static int decorate_intents(struct arena *a, json_object *by_intent)
{
    for (size_t i = 0; i < json_object_array_length(by_intent); i++) {
        struct jbuild row;
        jb_extend(&row, a, json_object_array_get_idx(by_intent, i));
        pages_pct(&row, "precision_pct", num(row.o, "measured_precision"));
        if (!jb_finish(&row))
            return -1;
    }
    return 0;
}

/* Newest day first in the table. */
static json_object *day_row(struct arena *a, int i, const void *ctx)
{
    struct jbuild row, *d = &row;
    jb_object(d, a);
    const struct stats_day *days = ctx;
    const struct stats_day *day = &days[DAYS - 1 - i];
    jb_str(d, "day", day->day);
    jb_int(d, "tickets", day->tickets);
    jb_int(d, "auto_resolved", day->auto_resolved);
    return jb_finish(d);
}

int page_admin_dashboard(struct request *req, struct response *res, struct app_err *err)
{
    struct stats_range all = {NULL, NULL};
    json_object *s;
    struct stats_day *days;
    long long version = 0;
    if (ticket_stats_json(req->arena, &all, &s, err))
        return -1;
    if (ticket_stats_daily(req->arena, time(NULL), DAYS, &days, err) ||
        service_model_version(&version, err))
        return -1;
    /* The newest tickets with what the pipeline decided for each. */
    struct ticket_query any = {.status = -1};
    struct page latest = {.limit = LATEST};
    struct ticket *t = NULL;
    int nt = 0;
    if (ticket_list(req->arena, &req->user, &any, &latest, &t, &nt, NULL, err))
        return -1;
    json_object *by_intent = NULL;
    if (!json_object_object_get_ex(s, "by_intent", &by_intent) ||
        !json_object_is_type(by_intent, json_type_array))
        return err_internal(err, "stats without by_intent");
    struct jbuild d;
    jb_object(&d, req->arena);
    pages_pct(&d, "automation_rate", num(s, "auto_resolution_rate"));
    pages_pct(&d, "precision", num(s, "auto_resolution_precision"));
    pages_pct(&d, "csat", num(s, "csat"));
    put_duration(&d, "first_response", num(s, "median_first_response_seconds"));
    put_duration(&d, "human_first_response", num(s, "median_human_first_response_seconds"));
    put_duration(&d, "auto_first_response", num(s, "median_auto_first_response_seconds"));
    json_object *sla = NULL, *kind = NULL;
    if (json_object_object_get_ex(s, "sla", &sla) &&
        json_object_object_get_ex(sla, "first_response", &kind))
        pages_pct(&d, "sla_first_pct", num(kind, "attainment"));
    if (sla && json_object_object_get_ex(sla, "resolution", &kind))
        pages_pct(&d, "sla_resolution_pct", num(kind, "attainment"));
    put_daily_chart(&d, days, DAYS, req->arena);
    jb_child(&d, "daily", jb_rows(req->arena, DAYS, day_row, days));
    put_intent_chart(&d, by_intent, req->arena);
    jb_bool(&d, "has_intents", json_object_array_length(by_intent) > 0);
    jb_bool(&d, "has_deflections", num(s, "deflected") > 0);
    jb_int(&d, "model_version", version);
    jb_child(&d, "latest", pages_ticket_list(req, t, nt, NULL));
    jb_bool(&d, "has_latest", nt > 0);
    if (decorate_intents(req->arena, by_intent))
        d.failed = true;
    jb_child(&d, "s", s);
    if (pages_paused_intents(req, &d, err))
        return -1;
    return pages_show_admin(req, res, 200, "admin_dashboard", "Admin dashboard", "dashboard", &d,
                            NULL, err);
}
