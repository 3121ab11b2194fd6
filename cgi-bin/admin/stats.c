/* stats: GET /api/admin/stats and GET /api/admin/simulate. */
#include "admin.h"
#include "intent/intent_simulate.h"
#include "pipeline/pipeline.h"
#include "ticket/ticket_stats.h"

static int range_from_query(struct request *req, struct stats_range *r, struct app_err *err)
{
    return ticket_stats_range(req->arena, request_query(req, "since"), request_query(req, "until"),
                              r, err);
}

int api_stats(struct request *req, struct response *res, struct app_err *err)
{
    struct stats_range r;
    struct json_object *o;
    if (range_from_query(req, &r, err) || ticket_stats_json(req->arena, &r, &o, err))
        return -1;
    return api_respond(res, 200, o, err);
}

int api_simulate(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value q[SIM_Q_N];
    struct stats_range r;
    struct json_object *o;
    if (validate_query(req->query, req->nquery, simulate_query, SIM_Q_N, q, err) ||
        range_from_query(req, &r, err))
        return -1;
    struct settings now;
    struct threshold global;
    if (!q[SIM_Q_THRESHOLD].present && pipeline_settings(&now, &global, NULL, err))
        return -1;
    double t = q[SIM_Q_THRESHOLD].present ? q[SIM_Q_THRESHOLD].d : global.value;
    const char *intent = q[SIM_Q_INTENT].present ? q[SIM_Q_INTENT].s : NULL;
    if (simulate_json(req->arena, t, intent, &r, &o, err))
        return -1;
    return api_respond(res, 200, o, err);
}
