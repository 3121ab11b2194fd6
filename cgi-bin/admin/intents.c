/* intents: GET|POST /api/admin/intents and GET|PATCH|DELETE /api/admin/intents/{name}. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_intents.h"
#include "http/page.h"
#include "json/validate.h"
#include "view/view_intent.h"

enum { F_NAME, F_DESCRIPTION, F_EXAMPLES, F_TEMPLATE, F_AUTO, F_THRESHOLD, F_PAUSED, F_COUNT };
static const struct field_spec fields[F_COUNT] = {
    [F_NAME] = {"name", FT_STRING, FS_REQUIRED | FS_IDENT, 1, 64, 0, 0, NULL},
    [F_DESCRIPTION] = {"description", FT_STRING, 0, 0, 500, 0, 0, NULL},
    [F_EXAMPLES] = {"examples", FT_STRING_ARRAY, 0, 0, 1000, 1, 1000, NULL},
    [F_TEMPLATE] = {"response_template", FT_STRING, 0, 0, 5000, 0, 0, NULL},
    [F_AUTO] = {"auto_resolve", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    [F_THRESHOLD] = {"threshold", FT_NUMBER, FS_NULLABLE, 0, 0, 0.0, 1.0, NULL},
    [F_PAUSED] = {"auto_paused", FT_BOOL, 0, 0, 0, 0, 0, NULL},
};

/* Apply the given fields onto in (examples into an arena array). */
static int apply(struct arena *a, const struct field_value *v, struct intent *in,
                 struct app_err *err)
{
    if (v[F_DESCRIPTION].present)
        in->description = v[F_DESCRIPTION].s;
    if (v[F_TEMPLATE].present)
        in->response_template = v[F_TEMPLATE].s;
    if (v[F_AUTO].present)
        in->auto_resolve = v[F_AUTO].b;
    if (v[F_THRESHOLD].present) {
        in->has_threshold = !v[F_THRESHOLD].is_null;
        in->threshold = v[F_THRESHOLD].d;
    }
    if (v[F_EXAMPLES].present) {
        int n = (int)json_object_array_length(v[F_EXAMPLES].arr);
        const char **ex = arena_calloc(a, (size_t)n + 1, sizeof *ex);
        if (!ex)
            return err_unavailable(err, "out of memory");
        for (int i = 0; i < n; i++)
            ex[i] = json_object_get_string(json_object_array_get_idx(v[F_EXAMPLES].arr, (size_t)i));
        in->examples = ex;
        in->nexamples = n;
    }
    return 0;
}

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
    struct field_value v[F_COUNT];
    if (validate_json(req->json, fields, F_PAUSED, v, err))
        return -1;
    struct intent in = {.name = v[F_NAME].s, .auto_resolve = true, .examples = NULL};
    if (apply(req->arena, v, &in, err))
        return -1;
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
    struct field_value v[F_COUNT];
    /* name is the URL's; every other field is optional here. */
    if (validate_json(req->json, fields + 1, F_COUNT - 1, v + 1, err))
        return -1;
    if (v[F_PAUSED].present && v[F_PAUSED].b)
        return err_field(err, "auto_paused", "can only be set to false (re-enable); "
                                             "the feedback loop pauses by itself");
    memset(&v[F_NAME], 0, sizeof v[F_NAME]);
    struct intent in;
    if (db_begin(err) || load(req, &in, err) || apply(req->arena, v, &in, err))
        return -1;
    if (db_intents_update(in.id, &in, err))
        return -1;
    if (v[F_EXAMPLES].present && db_intents_set_examples(in.id, in.examples, in.nexamples, err))
        return -1;
    if (v[F_PAUSED].present && in.auto_paused) {
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
