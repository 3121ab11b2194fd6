/* stats: GET /api/admin/stats and GET /api/admin/simulate. */
#include "admin.h"
#include "admin/admin_stats.h"

static int range_from_query(struct request *req, struct stats_range *r, struct app_err *err)
{
    return admin_stats_range(req->arena, request_query(req, "since"), request_query(req, "until"),
                             r, err);
}

int api_stats(struct request *req, struct response *res, struct app_err *err)
{
    struct stats_range r;
    struct json_object *o;
    if (range_from_query(req, &r, err) || admin_stats_json(req->arena, &r, &o, err))
        return -1;
    return api_respond(res, 200, o, err);
}

int api_simulate(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value q[ADMIN_SIM_NQUERY];
    struct stats_range r;
    struct json_object *o;
    if (validate_query(req->query, req->nquery, admin_simulate_query, ADMIN_SIM_NQUERY, q, err) ||
        range_from_query(req, &r, err))
        return -1;
    double t = q[ADMIN_SIM_THRESHOLD].present ? q[ADMIN_SIM_THRESHOLD].d : -1.0;
    const char *intent = q[ADMIN_SIM_INTENT].present ? q[ADMIN_SIM_INTENT].s : NULL;
    if (admin_simulate_json(req->arena, t, intent, &r, &o, err))
        return -1;
    return api_respond(res, 200, o, err);
}
