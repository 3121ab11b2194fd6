/* intents: GET|POST /api/admin/intents and GET|PATCH|DELETE /api/admin/intents/{name}. */
#include "admin.h"
#include "http/page.h"
#include "intent/intent_change.h"
#include "intent/intent_list.h"
#include "view/view_intent.h"

static struct json_object *row_view(struct arena *a, int i, const void *rows)
{
    return view_intent(a, (const struct intent *)rows + i);
}

int api_intents_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct intent *in;
    int n;
    const char *next;
    if (page_from_query(req->query, req->nquery, &p, err) ||
        intent_list(req->arena, true, &p, &in, &n, &next, err))
        return -1;
    return page_respond(res, req->arena, n, row_view, in, next, err);
}

int api_intents_create(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    if (intent_create(req->arena, req->user.id, req->json, &in, err))
        return -1;
    return api_respond(res, 201, view_intent(req->arena, &in), err);
}

int api_intents_get(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    if (intent_load(req->arena, request_param(req, 0), &in, err))
        return -1;
    return api_respond(res, 200, view_intent(req->arena, &in), err);
}

int api_intents_patch(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    if (intent_patch(req->arena, req->user.id, request_param(req, 0), req->json, &in, err))
        return -1;
    return api_respond(res, 200, view_intent(req->arena, &in), err);
}

int api_intents_delete(struct request *req, struct response *res, struct app_err *err)
{
    if (intent_delete(req->arena, req->user.id, request_param(req, 0), err))
        return -1;
    return response_text(res, 204, NULL, "", 0) ? err_unavailable(err, "out of memory") : 0;
}
