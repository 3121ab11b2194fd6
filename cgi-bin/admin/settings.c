/* settings: GET and PUT /api/admin/settings — thresholds and the feedback-loop targets. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_settings.h"

static int respond(struct response *res, const struct settings *s, struct app_err *err)
{
    json_object *o = json_object_new_object();
    for (int i = 0; o && i < setting_count; i++) {
        const struct setting_def *d = &setting_defs[i];
        double v = settings_get(s, d->name);
        json_object_object_add(o, d->name,
                               d->boolean   ? json_object_new_boolean(v != 0)
                               : d->integer ? json_object_new_int64((long long)v)
                                            : json_object_new_double(v));
    }
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}

int admin_settings_get(struct request *req, struct response *res, struct app_err *err)
{
    (void)req;
    struct settings s;
    if (db_settings_load(&s, err))
        return -1;
    return respond(res, &s, err);
}

/* The value of one key as text for storage, or a field error. */
static int setting_text(const struct setting_def *d, json_object *v, char *out, size_t outlen,
                        struct app_err *err)
{
    if (d->boolean) {
        if (!json_object_is_type(v, json_type_boolean))
            return err_field(err, d->name, "must be a boolean");
        snprintf(out, outlen, "%d", json_object_get_boolean(v) ? 1 : 0);
        return 0;
    }
    bool is_int = json_object_is_type(v, json_type_int);
    if (!is_int && (d->integer || !json_object_is_type(v, json_type_double)))
        return err_field(err, d->name, "must be %s in %g..%g", d->integer ? "an integer" : "a number",
                         d->min, d->max);
    double x = json_object_get_double(v);
    if (!(x >= d->min && x <= d->max))
        return err_field(err, d->name, "must be in %g..%g", d->min, d->max);
    snprintf(out, outlen, d->integer ? "%.0f" : "%.17g", x);
    return 0;
}

int admin_settings_put(struct request *req, struct response *res, struct app_err *err)
{
    char text[16][32];
    bool given[16] = {false};
    int bad = 0;
    json_object_object_foreach(req->json, key, val)
    {
        int i = 0;
        while (i < setting_count && strcmp(setting_defs[i].name, key) != 0)
            i++;
        if (i == setting_count) {
            bad = err_field(err, key, "is not a setting");
            continue;
        }
        if (setting_text(&setting_defs[i], val, text[i], sizeof text[i], err))
            bad = -1;
        given[i] = true;
    }
    if (bad)
        return -1;
    if (db_begin(err))
        return -1;
    for (int i = 0; i < setting_count; i++) {
        if (!given[i])
            continue;
        if (db_settings_store(setting_defs[i].name, text[i], err) ||
            db_audit_write(req->user.id, "settings.update", setting_defs[i].name, text[i], err))
            return -1;
    }
    struct settings s;
    if (db_commit(err) || db_settings_load(&s, err))
        return -1;
    return respond(res, &s, err);
}
