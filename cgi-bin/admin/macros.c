/* macros: GET|POST /api/admin/macros and GET|PUT|DELETE /api/admin/macros/{id}. */
#include "ticket/macros.h"
#include "admin.h"
#include "core/num.h"
#include "view/view_macro.h"
#include "json/jbuild.h"

/* The {id} path parameter: a positive integer, else 404 as for a missing macro. */
static long long path_id(const struct request *req)
{
    long long id = 0;
    return num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id) ? 0 : id;
}

static struct json_object *row_view(struct arena *a, int i, const void *rows)
{
    return view_macro(a, (const struct macro *)rows + i, NULL, 0);
}

int api_macros_list(struct request *req, struct response *res, struct app_err *err)
{
    struct macro *m;
    int n;
    if (macros_list(req->arena, &m, &n, err))
        return -1;
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_child(&jb, "items", jb_rows(req->arena, n, row_view, m));
    return api_respond(res, 200, jb_finish(&jb), err);
}

int api_macros_create(struct request *req, struct response *res, struct app_err *err)
{
    struct macro m;
    if (macros_create(req->arena, req->user.id, req->json, &m, err))
        return -1;
    return api_respond(res, 201, view_macro(req->arena, &m, NULL, 0), err);
}

int api_macros_get(struct request *req, struct response *res, struct app_err *err)
{
    struct macro m;
    if (macros_load(req->arena, path_id(req), &m, err))
        return -1;
    return api_respond(res, 200, view_macro(req->arena, &m, NULL, 0), err);
}

int api_macros_put(struct request *req, struct response *res, struct app_err *err)
{
    struct macro m;
    if (macros_update(req->arena, req->user.id, path_id(req), req->json, &m, err))
        return -1;
    return api_respond(res, 200, view_macro(req->arena, &m, NULL, 0), err);
}

int api_macros_delete(struct request *req, struct response *res, struct app_err *err)
{
    if (macros_delete(req->arena, req->user.id, path_id(req), err))
        return -1;
    return response_text(res, 204, NULL, "", 0) ? err_unavailable(err, "out of memory") : 0;
}
