/* sla: SLA configuration, its cache per worker, and due times on tickets. */
#include "ticket/sla.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/utc_time.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_generation.h"
#include "db/db_sla.h"
#include "ticket/ticket_fields.h"
#include "json/jbuild.h"
#include "json/validate.h"

static int priority_index(const char *priority)
{
    for (int i = 0; priority && ticket_priorities[i]; i++)
        if (strcmp(ticket_priorities[i], priority) == 0)
            return i;
    return -1;
}

int sla_load(struct arena *a, struct sla_config *out, struct app_err *err)
{
    struct sla_policy_row rows[SLA_PRIORITIES + 1];
    int n = 0;
    memset(out, 0, sizeof *out);
    if (db_sla_load(a, &out->time_zone, &out->hours, rows, SLA_PRIORITIES + 1, &n, err))
        return -1;
    for (int i = 0; i < n; i++) {
        int p = priority_index(rows[i].priority);
        if (p < 0)
            continue;
        out->first_response_minutes[p] = rows[i].first_response_minutes;
        out->resolution_minutes[p] = rows[i].resolution_minutes;
    }
    const char *why;
    out->usable = out->time_zone && out->hours && bh_parse(out->hours, &out->schedule, &why) &&
                  bh_zone_valid(out->time_zone);
    return 0;
}

/* Process-lifetime: workers are single-threaded; the copy of the last generation seen. */
static struct {
    bool ready;
    long long generation;
    struct arena arena;
    struct sla_config c;
} cache;

int sla_live(const struct sla_config **out, struct app_err *err)
{
    long long generation;
    *out = NULL;
    if (db_generation_now(&generation, err))
        return -1;
    if (!cache.ready || generation <= 0 || generation != cache.generation) {
        if (!cache.ready)
            arena_init(&cache.arena, 0);
        arena_reset(&cache.arena);
        cache.ready = true;
        cache.generation = 0;
        if (sla_load(&cache.arena, &cache.c, err))
            return -1;
        cache.generation = generation;
    }
    *out = &cache.c;
    return 0;
}

static struct json_object *policy_json(struct arena *a, long long first, long long resolution)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_id(&jb, "first_response_minutes", first);
    jb_id(&jb, "resolution_minutes", resolution);
    return jb_finish(&jb);
}

struct json_object *sla_json(struct arena *a, const struct sla_config *c)
{
    struct jbuild jb, pol;
    jb_object(&pol, a);
    for (int i = 0; i < SLA_PRIORITIES; i++)
        jb_child(&pol, ticket_priorities[i],
                 policy_json(a, c->first_response_minutes[i], c->resolution_minutes[i]));
    jb_object(&jb, a);
    jb_str(&jb, "time_zone", c->time_zone);
    jb_str(&jb, "hours", c->hours);
    jb_bool(&jb, "usable", c->usable);
    jb_child(&jb, "policies", jb_finish(&pol));
    return jb_finish(&jb);
}

/* A target given for one priority: *v keeps the stored value unless the key is there
 * (null: none). 0 or a field error naming policies.<priority>.<key>. */
static int target(struct arena *a, json_object *obj, const char *priority, const char *key,
                  long long *v, struct app_err *err)
{
    json_object *x;
    if (!json_object_object_get_ex(obj, key, &x))
        return 0;
    if (json_object_is_type(x, json_type_null)) {
        *v = 0;
        return 0;
    }
    if (json_object_is_type(x, json_type_int)) {
        long long m = json_object_get_int64(x);
        if (m >= 1 && m <= SLA_MAX_MINUTES) {
            *v = m;
            return 0;
        }
    }
    const char *name = arena_printf(a, "policies.%s.%s", priority, key);
    return err_field(err, name ? name : "policies", "must be null or an integer in 1..%d",
                     SLA_MAX_MINUTES);
}

int sla_update(struct arena *a, struct json_object *changes, long long actor,
               struct sla_config *out, struct app_err *err)
{
    enum { F_ZONE, F_HOURS, F_N };
    static const struct field_spec fields[F_N] = {
        [F_ZONE] = {"time_zone", FT_STRING, FS_BYTES, 1, BH_ZONE_MAX, 0, 0, NULL},
        [F_HOURS] = {"hours", FT_STRING, FS_BYTES | FS_TRIM, 1, BH_SPEC_MAX, 0, 0, NULL},
    };
    struct field_value v[F_N];
    struct sla_config now;
    if (validate_json(changes, fields, F_N, v, err) || sla_load(a, &now, err))
        return -1;
    int bad = 0;
    struct bh_schedule sched;
    const char *why = NULL;
    const char *hours = v[F_HOURS].present ? arena_strndup(a, v[F_HOURS].s, v[F_HOURS].len) : NULL;
    if (v[F_HOURS].present && !hours)
        return err_unavailable(err, "out of memory");
    if (v[F_ZONE].present && !bh_zone_valid(v[F_ZONE].s))
        bad = err_field(err, "time_zone", "is not a time zone of this system (e.g. Europe/Paris)");
    if (hours && !bh_parse(hours, &sched, &why))
        bad = err_field(err, "hours", "%s", why);
    json_object *pol = NULL;
    bool given[SLA_PRIORITIES] = {false};
    if (json_object_object_get_ex(changes, "policies", &pol)) {
        if (!json_object_is_type(pol, json_type_object))
            bad = err_field(err, "policies", "must be an object keyed by priority");
        else {
            json_object_object_foreach(pol, key, val)
            {
                int p = priority_index(key);
                if (p < 0) {
                    const char *name = arena_printf(a, "policies.%s", key);
                    bad = err_field(err, name ? name : "policies",
                                    "is not a priority (low, normal, high, urgent)");
                    continue;
                }
                if (!json_object_is_type(val, json_type_object)) {
                    const char *name = arena_printf(a, "policies.%s", key);
                    bad = err_field(err, name ? name : "policies", "must be an object");
                    continue;
                }
                given[p] = true;
                if (target(a, val, key, "first_response_minutes", &now.first_response_minutes[p],
                           err) ||
                    target(a, val, key, "resolution_minutes", &now.resolution_minutes[p], err))
                    bad = -1;
            }
        }
    }
    if (bad)
        return -1;
    const char *zone = v[F_ZONE].present ? v[F_ZONE].s : now.time_zone;
    bool calendar = v[F_ZONE].present || hours;
    const char *detail =
        calendar ? arena_printf(a, "%s | %s", zone, hours ? hours : now.hours) : "";
    if (!detail)
        return err_unavailable(err, "out of memory");
    if (db_begin(err))
        return -1;
    if (calendar && (db_sla_store_calendar(zone, hours ? hours : now.hours, err) ||
                     db_audit_write(actor, "sla.update", "calendar", detail, err)))
        goto out_rollback;
    for (int p = 0; p < SLA_PRIORITIES; p++) {
        if (!given[p])
            continue;
        json_object *x = NULL;
        json_object_object_get_ex(pol, ticket_priorities[p], &x);
        if (db_sla_store_policy(ticket_priorities[p], now.first_response_minutes[p],
                                now.resolution_minutes[p], err) ||
            db_audit_write(actor, "sla.update", ticket_priorities[p], jb_json(x, NULL), err))
            goto out_rollback;
    }
    if (db_commit(err))
        goto out_rollback;
    return sla_load(a, out, err);
out_rollback:
    db_rollback();
    return -1;
}

void sla_due_for(const struct sla_config *c, const char *priority, time_t start, long long paused,
                 struct sla_due *out)
{
    memset(out, 0, sizeof *out);
    int p = priority_index(priority);
    if (!c || !c->usable || p < 0)
        return;
    if (c->first_response_minutes[p] > 0)
        out->has_first = bh_add(start, c->first_response_minutes[p] * 60, &c->schedule,
                                c->time_zone, &out->first) == 0;
    if (c->resolution_minutes[p] > 0)
        out->has_resolution = bh_add(start, c->resolution_minutes[p] * 60 + paused, &c->schedule,
                                     c->time_zone, &out->resolution) == 0;
}

bool sla_sql_time(bool has, time_t t, char sql[24], char *rfc)
{
    struct tm tm;
    if (!has || !gmtime_r(&t, &tm))
        return false;
    strftime(sql, 24, "%Y-%m-%d %H:%M:%S", &tm);
    if (rfc)
        strftime(rfc, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return true;
}

bool sla_parse_time(const char *s, time_t *t)
{
    struct utc_time u;
    if (!s || !utc_time_parse(s, &u))
        return false;
    struct tm tm = {.tm_year = u.year - 1900,
                    .tm_mon = u.month - 1,
                    .tm_mday = u.day,
                    .tm_hour = u.hour,
                    .tm_min = u.minute,
                    .tm_sec = u.second};
    *t = timegm(&tm);
    return true;
}

static bool running(enum ticket_status s)
{
    return s == TS_OPEN || s == TS_REOPENED;
}

enum sla_clock sla_clock_change(enum ticket_status from, enum ticket_status to)
{
    if (running(from) == running(to))
        return !running(from) && from == TS_PENDING && to != TS_PENDING ? SLA_CLOCK_SETTLE
                                                                        : SLA_CLOCK_KEEP;
    return running(to) ? SLA_CLOCK_START : SLA_CLOCK_STOP;
}

int sla_on_change(const struct ticket *t, enum ticket_status next, const char *priority,
                  struct app_err *err)
{
    enum sla_clock clock = sla_clock_change(t->status, next);
    bool reprioritised = priority && strcmp(priority, t->priority ? t->priority : "") != 0;
    if (clock == SLA_CLOCK_STOP && !reprioritised)
        return db_sla_pause(t->id, err);
    if (clock == SLA_CLOCK_KEEP && !reprioritised)
        return 0;
    const struct sla_config *c;
    time_t created, since, now = time(NULL);
    if (sla_live(&c, err))
        return -1;
    if (!sla_parse_time(t->created_at, &created))
        return err_internal(err, "ticket %lld has no filing time", t->id);
    bool settles = clock == SLA_CLOCK_START || clock == SLA_CLOCK_SETTLE;
    long long stood = 0;
    if (settles && c->usable && sla_parse_time(t->sla_paused_at, &since)) {
        stood = bh_between(since, now, &c->schedule, c->time_zone);
        stood = stood > 0 ? stood : 0;
    }
    struct sla_due due;
    sla_due_for(c, priority ? priority : t->priority, created, t->sla_paused_seconds + stood, &due);
    char first[24], resolution[24];
    bool has_first = sla_sql_time(due.has_first, due.first, first, NULL),
         has_resolution = sla_sql_time(due.has_resolution, due.resolution, resolution, NULL);
    if (settles && db_sla_settle(t->id, stood, clock == SLA_CLOCK_SETTLE,
                                 has_resolution ? resolution : NULL, err))
        return -1;
    if (clock == SLA_CLOCK_STOP && db_sla_pause(t->id, err))
        return -1;
    if (reprioritised &&
        db_sla_set_due(t->id, has_first ? first : NULL, has_resolution ? resolution : NULL, err))
        return -1;
    return 0;
}

const char *sla_next_due(const struct ticket *t)
{
    switch (t->status) {
    case TS_OPEN:
    case TS_REOPENED:
        break;
    default:
        return NULL; /* resolved, closed, or waiting on the customer */
    }
    if (!t->first_response_at && t->first_response_due_at)
        return t->first_response_due_at;
    return t->resolution_due_at;
}

bool sla_overdue(const struct ticket *t, time_t now)
{
    time_t due;
    return sla_parse_time(sla_next_due(t), &due) && due < now;
}
