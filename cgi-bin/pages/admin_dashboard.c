/* admin_dashboard: GET /admin/ — the assistant's numbers (automation rate, precision,
 * CSAT, reopened after an automatic answer, median first response), tickets per day
 * and per intent as SVG charts, the per-intent table and the model version. The
 * numbers are GET /api/admin/stats's, from the same ticket_stats_json; the newest
 * tickets show what the pipeline decided for each. */
#include <json.h>
#include <stdio.h>
#include <time.h>

#include "service/service.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_stats.h"
#include "pages.h"
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

/* "45 s", "12 min", "3 h 5 min", "2 d 4 h"; "—" when not measured. */
static json_object *duration(double secs)
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
    return json_object_new_string(buf);
}

/* A chart as a template value (printed raw: web_chart escaped every label). */
static json_object *chart_json(int (*draw)(struct buf *, const struct web_chart *,
                                           const struct web_chart_item *, int),
                               const struct web_chart *c, const struct web_chart_item *items, int n)
{
    struct buf b;
    buf_init(&b);
    json_object *s =
        draw(&b, c, items, n) ? NULL : json_object_new_string_len(buf_str(&b), (int)b.len);
    buf_cleanup(&b);
    return s;
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

static json_object *daily_chart(const struct stats_day *days, int n, struct arena *a)
{
    struct web_chart_item *items = arena_calloc(a, (size_t)n + 1, sizeof *items);
    if (!items)
        return NULL;
    for (int i = 0; i < n; i++)
        if (set_item(a, &items[i], days[i].label, days[i].tickets, days[i].auto_resolved, false))
            return NULL;
    static const struct web_chart c = {
        .id = "chart-daily",
        .title = "Tickets per day, last 30 days",
        .desc = "Columns: tickets filed each day; the darker part was answered automatically.",
        .empty = "No tickets yet",
    };
    return chart_json(web_chart_columns, &c, items, n);
}

/* Bars for the busiest intents (the stats list them busiest first). */
static json_object *intent_chart(json_object *by_intent, struct arena *a)
{
    int n = (int)json_object_array_length(by_intent);
    if (n > CHART_INTENTS)
        n = CHART_INTENTS;
    struct web_chart_item *items = arena_calloc(a, (size_t)n + 1, sizeof *items);
    if (!items)
        return NULL;
    for (int i = 0; i < n; i++) {
        json_object *row = json_object_array_get_idx(by_intent, (size_t)i), *v;
        const char *name = json_object_object_get_ex(row, "intent", &v) && v
                               ? json_object_get_string(v)
                               : "(no intent)";
        if (set_item(a, &items[i], name, (long long)num(row, "tickets"),
                     (long long)num(row, "auto_resolved"), true))
            return NULL;
    }
    static const struct web_chart c = {
        .id = "chart-intents",
        .title = "Tickets per intent",
        .desc = "Bars: tickets per intent; the darker part was answered automatically.",
        .empty = "No tickets yet",
    };
    return chart_json(web_chart_bars, &c, items, n);
}

/* The measured precision of each per-intent row as a percentage. */
static int decorate_intents(json_object *by_intent)
{
    for (size_t i = 0; i < json_object_array_length(by_intent); i++) {
        json_object *row = json_object_array_get_idx(by_intent, i);
        if (pages_put(row, "precision_pct", pages_pct(num(row, "measured_precision"))))
            return -1;
    }
    return 0;
}

/* Newest day first in the table. */
static void day_row(const void *ctx, int i, struct jbuild *d)
{
    const struct stats_day *days = ctx;
    const struct stats_day *day = &days[DAYS - 1 - i];
    jb_child(d, "day", json_object_new_string(day->day));
    jb_int(d, "tickets", day->tickets);
    jb_int(d, "auto_resolved", day->auto_resolved);
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
        service_model_version(&version, err)) {
        json_object_put(s);
        return -1;
    }
    /* The newest tickets with what the pipeline decided for each. */
    struct ticket_query any = {.status = -1};
    struct page latest = {.limit = LATEST};
    struct ticket *t = NULL;
    int nt = 0;
    if (ticket_list(req->arena, &req->user, &any, &latest, &t, &nt, NULL, err)) {
        json_object_put(s);
        return -1;
    }
    json_object *by_intent = NULL;
    if (!json_object_object_get_ex(s, "by_intent", &by_intent) ||
        !json_object_is_type(by_intent, json_type_array)) {
        json_object_put(s);
        return err_internal(err, "stats without by_intent");
    }
    struct jbuild d;
    jb_init(&d);
    jb_child(&d, "automation_rate", pages_pct(num(s, "auto_resolution_rate")));
    jb_child(&d, "precision", pages_pct(num(s, "auto_resolution_precision")));
    jb_child(&d, "csat", pages_pct(num(s, "csat")));
    jb_child(&d, "first_response", duration(num(s, "median_first_response_seconds")));
    jb_child(&d, "daily_chart", daily_chart(days, DAYS, req->arena));
    jb_child(&d, "daily", pages_rows(DAYS, day_row, days));
    jb_child(&d, "intent_chart", intent_chart(by_intent, req->arena));
    jb_bool(&d, "has_intents", json_object_array_length(by_intent) > 0);
    jb_int(&d, "model_version", version);
    jb_child(&d, "latest", pages_ticket_list(req, t, nt, NULL));
    jb_bool(&d, "has_latest", nt > 0);
    if (decorate_intents(by_intent))
        d.failed = true;
    jb_child(&d, "s", s);
    return pages_show_admin(req, res, 200, "admin_dashboard", "Admin dashboard", "dashboard", &d,
                            NULL, err);
}
