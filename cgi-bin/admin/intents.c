/* intents: GET|POST /api/admin/intents and GET|PATCH|DELETE /api/admin/intents/{name}. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_intents.h"
#include "http/page.h"
#include "catalog/intent_input.h"
#include "view/view_intent.h"

static int load(struct request *req, struct intent *in, struct app_err *err)
{
    bool found = false;
    const char *name = request_param(req, 0);
    if (strlen(name) > 64 || db_intents_get(req->arena, name, in, &found, err))
        return err_is_set(err) ? -1 : err_set(err, ERR_NOT_FOUND, "no such intent");
    return found ? 0 : err_set(err, ERR_NOT_FOUND, "no such intent");
}

static int respond(struct response *res, int status, const struct intent *in, struct app_err *err)
{
    return response_json(res, status, view_intent(in)) ? err_unavailable(err, "out of memory") : 0;
}

int admin_intents_list(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    if (page_from_query(req, &p, err))
        return -1;
    struct intent *in;
    int n;
    if (db_intents_list(req->arena, p.after, p.limit + 1, true, &in, &n, err))
        return -1;
    const char *next = NULL;
    if (n > p.limit) {
        n = p.limit;
        if (!(next = page_cursor(req->arena, in[n - 1].id)))
            return err_unavailable(err, "out of memory");
    }
    json_object *items = json_object_new_array();
    for (int i = 0; items && i < n; i++)
        json_object_array_add(items, view_intent(&in[i]));
    return response_json(res, 200, page_json(items, next)) ? err_unavailable(err, "out of memory")
                                                             : 0;
}

int admin_intents_create(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in = {.auto_resolve = true};
    struct intent_given given;
    if (intent_input_apply(req->arena, req->json, true, &in, &given, err))
        return -1;
    if (given.auto_paused)
        return err_field(err, "auto_paused", "is set by the feedback loop, not on creation");
    long long id = 0;
    if (db_begin(err))
        return -1;
    int rc = db_intents_create(&in, &id, err);
    if (rc == DB_DUPLICATE)
        return err_set(err, ERR_CONFLICT, "an intent named %s exists", in.name);
    bool found;
    if (rc || db_audit_write(req->user.id, "intent.create", in.name, NULL, err) ||
        db_intents_get(req->arena, in.name, &in, &found, err) || db_commit(err))
        return -1;
    return respond(res, 201, &in, err);
}

int admin_intents_get(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    if (load(req, &in, err))
        return -1;
    return respond(res, 200, &in, err);
}

int admin_intents_patch(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    struct intent_given given;
    /* The name is the URL's; every other field is optional here. */
    if (db_begin(err) || load(req, &in, err) ||
        intent_input_apply(req->arena, req->json, false, &in, &given, err))
        return -1;
    if (given.auto_paused && given.auto_paused_value)
        return err_field(err, "auto_paused", "can only be set to false (re-enable); "
                                             "the feedback loop pauses by itself");
    if (db_intents_update(in.id, &in, err))
        return -1;
    if (given.examples && db_intents_set_examples(in.id, in.examples, in.nexamples, err))
        return -1;
    if (given.auto_paused && in.auto_paused) {
        if (db_intents_set_paused(in.id, false, NULL, err) ||
            db_audit_write(req->user.id, "intent.reenable", in.name, NULL, err))
            return -1;
    }
    bool found;
    if (db_audit_write(req->user.id, "intent.update", in.name, NULL, err) ||
        db_intents_get(req->arena, in.name, &in, &found, err) || db_commit(err))
        return -1;
    return respond(res, 200, &in, err);
}

int admin_intents_delete(struct request *req, struct response *res, struct app_err *err)
{
    struct intent in;
    if (db_begin(err) || load(req, &in, err) || db_intents_delete(in.id, err) ||
        db_audit_write(req->user.id, "intent.delete", in.name, NULL, err) || db_commit(err))
        return -1;
    return response_text(res, 204, NULL, "", 0) ? err_unavailable(err, "out of memory") : 0;
}
