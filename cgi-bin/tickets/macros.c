/* macros: GET /api/tickets/{id}/macros and /api/tickets/{id}/macros/{mid} — the
 * macros filled in for one ticket, for agents' clients (staff only). */
#include "ticket/macros.h"
#include "core/num.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_macro.h"
#include "json/jbuild.h"

struct rendered {
    const struct macro *m;
    const struct ticket *t;
};

static struct json_object *row_view(struct arena *a, int i, const void *ctx)
{
    const struct rendered *r = ctx;
    const char *body = macros_render(a, &r->m[i], r->t);
    return body ? view_macro(a, &r->m[i], body, r->t->id) : NULL;
}

static int respond(struct response *res, struct json_object *o, struct app_err *err)
{
    if (!o)
        return err_unavailable(err, "out of memory");
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}

int tickets_macros(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket t;
    struct macro *m;
    int n;
    if (ticket_ops_load(req->arena, &req->user, tickets_path_id(req), false, &t, err) ||
        macros_list(req->arena, &m, &n, err))
        return -1;
    struct rendered r = {m, &t};
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_child(&jb, "items", jb_rows(req->arena, n, row_view, &r));
    return respond(res, jb_finish(&jb), err);
}

int tickets_macro_render(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket t;
    struct macro m;
    long long mid = 0;
    if (num_parse_ll(request_param(req, 1), 1, (1LL << 62), &mid))
        mid = 0;
    if (ticket_ops_load(req->arena, &req->user, tickets_path_id(req), false, &t, err) ||
        macros_load(req->arena, mid, &m, err))
        return -1;
    struct rendered r = {&m, &t};
    return respond(res, row_view(req->arena, 0, &r), err);
}
