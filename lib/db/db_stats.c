/* db_stats: aggregate SQL for the dashboard and the simulator. */
#include "db/db_stats.h"

#include <string.h>

#include "core/ticket_status.h"
#include "db/db.h"
#include "db/db_rows.h"

#define RANGE "(? IS NULL OR t.created_at >= ?) AND (? IS NULL OR t.created_at < ?)"
#define FRANGE "(? IS NULL OR f.created_at >= ?) AND (? IS NULL OR f.created_at < ?)"
#define RANGE_PARAMS(r)                                                                            \
    DBP_STR((r)->since), DBP_STR((r)->since), DBP_STR((r)->until), DBP_STR((r)->until)

static int status_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct stats *s = ctx;
    int st = ticket_status_parse(row->val[0]);
    if (st >= 0)
        s->by_status[st] = db_row_ll(row, 1);
    s->tickets += db_row_ll(row, 1);
    return 0;
}

static int ticket_totals_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct stats *s = ctx;
    s->auto_resolved = db_row_ll(row, 0);
    s->reopened_after_auto = db_row_ll(row, 1);
    return 0;
}

static int feedback_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct stats *s = ctx;
    s->rated_auto = db_row_ll(row, 0);
    s->rated_auto_helpful = db_row_ll(row, 1);
    s->confirmed_resolutions = db_row_ll(row, 2);
    s->ratings = db_row_ll(row, 3);
    s->satisfied = db_row_ll(row, 4);
    return 0;
}

/* The per-intent SELECT's columns, in order. */
#define SI(kind, field) DBC(kind, struct stats_intent, field)
static const struct db_col stats_intent_cols[] = {
    SI(DBC_STR, intent),       SI(DBC_LL, tickets),      SI(DBC_LL, auto_resolved),
    SI(DBC_LL, helpful),       SI(DBC_LL, not_helpful),  SI(DBC_BOOL, in_catalogue),
    SI(DBC_BOOL, auto_paused), SI(DBC_LL, auto_helpful), SI(DBC_LL, auto_unhelpful),
};
#undef SI
static const struct db_layout stats_intent_layout =
    DB_LAYOUT(struct stats_intent, stats_intent_cols);

/* The lower median of filing-to-first-response, over the tickets `which` names
 * (static SQL text: the tickets with a first response, or only those a person
 * answered first); *has false when there is none. */
static int median_of(const struct stats_range *r, const char *count_sql, const char *rows_sql,
                     long long *count, bool *has, double *median, struct app_err *err)
{
    long long n = 0;
    if (db_query(count_sql, DB_PARAMS(RANGE_PARAMS(r)), db_row_first_ll, &n, err))
        return -1;
    if (count)
        *count = n;
    if (n == 0)
        return 0;
    /* One row from the sorted differences. */
    long long secs = 0;
    if (db_query(rows_sql, DB_PARAMS(RANGE_PARAMS(r), DBP_INT((n - 1) / 2)), db_row_first_ll, &secs,
                 err))
        return -1;
    *has = true;
    *median = (double)secs;
    return 0;
}

#define ANSWERED "t.first_response_at IS NOT NULL AND "
/* A ticket the pipeline did not answer by itself: its first answer came from a person. */
#define BY_PERSON "(t.decision IS NULL OR t.decision <> 'AUTO_RESOLVE') AND "
/* A ticket the pipeline answered by itself, at filing. */
#define BY_PIPELINE "t.decision = 'AUTO_RESOLVE' AND "
#define FR_COUNT(which) "SELECT COUNT(*) FROM tickets t WHERE " which RANGE
#define FR_ROWS(which)                                                                             \
    "SELECT TIMESTAMPDIFF(SECOND, t.created_at, t.first_response_at) AS d FROM tickets t "         \
    "WHERE " which RANGE " ORDER BY d LIMIT 1 OFFSET ?"

static int median_first_response(const struct stats_range *r, struct stats *s, struct app_err *err)
{
    /* Automatic answers come at 0 s: the overall median hides how long people take,
     * so the one of the tickets a person answered first is kept apart. */
    return median_of(r, FR_COUNT(ANSWERED), FR_ROWS(ANSWERED), NULL, &s->has_median,
                     &s->median_first_response, err) ||
                   median_of(r, FR_COUNT(ANSWERED BY_PERSON), FR_ROWS(ANSWERED BY_PERSON),
                             &s->human_first_responses, &s->has_human_median,
                             &s->median_human_first_response, err) ||
                   median_of(r, FR_COUNT(ANSWERED BY_PIPELINE), FR_ROWS(ANSWERED BY_PIPELINE),
                             &s->auto_first_responses, &s->has_auto_median,
                             &s->median_auto_first_response, err)
               ? -1
               : 0;
}

static int sla_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct stats *s = ctx;
    s->sla_first_met = db_row_ll(row, 0);
    s->sla_first_missed = db_row_ll(row, 1);
    s->sla_resolution_met = db_row_ll(row, 2);
    s->sla_resolution_missed = db_row_ll(row, 3);
    return 0;
}

/* Met and missed SLA targets of the tickets filed in r (those with a due time). */
static int sla_attainment(const struct stats_range *r, struct stats *s, struct app_err *err)
{
    return db_query(
        "SELECT COALESCE(SUM(t.first_response_at <= t.first_response_due_at), 0), "
        "COALESCE(SUM(t.first_response_at > t.first_response_due_at OR (t.first_response_at IS "
        "NULL AND t.first_response_due_at < UTC_TIMESTAMP())), 0), "
        "COALESCE(SUM(t.resolved_at <= t.resolution_due_at), 0), "
        "COALESCE(SUM(t.resolved_at > t.resolution_due_at OR (t.resolved_at IS NULL AND "
        "t.status IN ('OPEN', 'REOPENED') AND t.resolution_due_at < UTC_TIMESTAMP())), 0) "
        "FROM tickets t WHERE (t.first_response_due_at IS NOT NULL OR t.resolution_due_at IS "
        "NOT NULL) AND " RANGE,
        DB_PARAMS(RANGE_PARAMS(r)), sla_row, s, err);
}

#define MAX_INTENT_ROWS 1000

int db_stats_load(struct arena *a, const struct stats_range *r, struct stats *s,
                  struct app_err *err)
{
    memset(s, 0, sizeof *s);
    if (db_query("SELECT t.status, COUNT(*) FROM tickets t WHERE " RANGE " GROUP BY t.status",
                 DB_PARAMS(RANGE_PARAMS(r)), status_row, s, err) ||
        db_query("SELECT COALESCE(SUM(t.decision = 'AUTO_RESOLVE'), 0), "
                 "COALESCE(SUM(t.auto_reopened), 0) FROM tickets t WHERE " RANGE,
                 DB_PARAMS(RANGE_PARAMS(r)), ticket_totals_row, s, err) ||
        db_query("SELECT COALESCE(SUM(f.was_auto), 0), COALESCE(SUM(f.was_auto AND f.helpful), 0), "
                 "COALESCE(SUM(f.helpful), 0), COUNT(f.rating), COALESCE(SUM(f.rating >= 4), 0) "
                 "FROM feedback f WHERE " FRANGE,
                 DB_PARAMS(RANGE_PARAMS(r)), feedback_row, s, err) ||
        median_first_response(r, s, err) || sla_attainment(r, s, err))
        return -1;
    /* Per intent: tickets in range, and the ratings of their automatic answers. */
    void *rows = NULL;
    int rc = db_select(
        a,
        "SELECT t.intent, COUNT(*), COALESCE(SUM(t.decision = 'AUTO_RESOLVE'), 0), "
        "COALESCE(SUM(fb.helpful_n), 0), COALESCE(SUM(fb.unhelpful_n), 0), "
        "COUNT(i.id) > 0, COALESCE(MAX(i.auto_paused), 0), COALESCE(MAX(i.auto_helpful), 0), "
        "COALESCE(MAX(i.auto_unhelpful), 0) FROM tickets t "
        "LEFT JOIN (SELECT ticket_id, SUM(helpful) AS helpful_n, SUM(1 - helpful) AS unhelpful_n "
        "FROM feedback WHERE was_auto = 1 GROUP BY ticket_id) fb ON fb.ticket_id = t.id "
        "LEFT JOIN intents i ON i.name = t.intent "
        "WHERE " RANGE " GROUP BY t.intent ORDER BY COUNT(*) DESC, t.intent",
        DB_PARAMS(RANGE_PARAMS(r)), &stats_intent_layout, MAX_INTENT_ROWS, NULL, &rows,
        &s->nintents, err);
    s->by_intent = rows;
    return rc;
}

static const struct db_col sim_cols[] = {
    DBC(DBC_STR, struct sim_case, predicted),
    DBC(DBC_DBL, struct sim_case, confidence),
    DBC(DBC_BOOL, struct sim_case, correct),
};
static const struct db_layout sim_layout = DB_LAYOUT(struct sim_case, sim_cols);

#define MAX_SIM_CASES 200000

int db_stats_labelled(struct arena *a, const char *intent, const struct stats_range *rg,
                      struct sim_case **out, int *n, struct app_err *err)
{
    void *rows = NULL;
    /* Agent-resolved tickets: right when the agent kept the predicted intent.
     * Rated automatic answers: right when the customer found them helpful. */
    int rc = db_select(
        a,
        "SELECT t.predicted_intent, t.confidence, t.predicted_intent = t.intent FROM tickets t "
        "WHERE t.response_source = 'agent' AND t.intent IS NOT NULL "
        "AND t.predicted_intent IS NOT NULL AND t.confidence IS NOT NULL "
        "AND (? IS NULL OR t.predicted_intent = ?) AND " RANGE " "
        "UNION ALL "
        "SELECT f.intent, t.confidence, f.helpful FROM feedback f JOIN tickets t ON t.id = "
        "f.ticket_id "
        "WHERE f.was_auto = 1 AND f.intent IS NOT NULL AND t.confidence IS NOT NULL "
        "AND (? IS NULL OR f.intent = ?) AND " RANGE " LIMIT 200000",
        DB_PARAMS(DBP_STR(intent), DBP_STR(intent), RANGE_PARAMS(rg), DBP_STR(intent),
                  DBP_STR(intent), RANGE_PARAMS(rg)),
        &sim_layout, MAX_SIM_CASES, NULL, &rows, n, err);
    *out = rows;
    return rc;
}
