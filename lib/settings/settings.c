/* settings: settings validation against setting_defs, storage and audit. */
#include "settings/settings.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/db_audit.h"
#include "json/jbuild.h"

#define MAX_SETTINGS 32
#define SETTING_TEXT 32
#define EXPLICIT_KEY "confidence_threshold_explicit"

struct json_object *settings_json(struct arena *a, const struct settings *s)
{
    struct jbuild jb;
    jb_object(&jb, a);
    for (int i = 0; i < setting_count; i++) {
        const struct setting_def *d = &setting_defs[i];
        double v = settings_get(s, d->name);
        if (d->boolean)
            jb_bool(&jb, d->name, v != 0);
        else if (d->integer)
            jb_int(&jb, d->name, (long long)v);
        else
            jb_dbl(&jb, d->name, v);
    }
    jb_bool(&jb, EXPLICIT_KEY, s->confidence_threshold_set);
    return jb_finish(&jb);
}

/* The value of one key as text for storage, or a field error. */
static int setting_text(const struct setting_def *d, json_object *v, char *out, size_t outlen,
                        struct app_err *err)
{
    if (d->nullable && json_object_is_type(v, json_type_null)) {
        out[0] = '\0'; /* stored as "no value": the default applies */
        return 0;
    }
    if (d->boolean) {
        if (!json_object_is_type(v, json_type_boolean))
            return err_field(err, d->name, "must be a boolean");
        snprintf(out, outlen, "%d", json_object_get_boolean(v) ? 1 : 0);
        return 0;
    }
    bool is_int = json_object_is_type(v, json_type_int);
    if (!is_int && (d->integer || !json_object_is_type(v, json_type_double)))
        return err_field(err, d->name, "must be %s in %g..%g",
                         d->integer ? "an integer" : "a number", d->min, d->max);
    double x = json_object_get_double(v);
    if (!(x >= d->min && x <= d->max))
        return err_field(err, d->name, "must be in %g..%g", d->min, d->max);
    snprintf(out, outlen, d->integer ? "%.0f" : "%.17g", x);
    return 0;
}

int settings_update(struct json_object *changes, long long actor, struct settings *out,
                    struct app_err *err)
{
    if (setting_count > MAX_SETTINGS)
        return err_internal(err, "more settings than settings_update holds");
    char text[MAX_SETTINGS][SETTING_TEXT];
    bool given[MAX_SETTINGS] = {false};
    int bad = 0;
    /* What GET answered may be PUT back as it is: its read-only flag says whether the
     * threshold shown was an admin's (keep it) or the model's (stay automatic). */
    bool automatic = false;
    json_object *flag;
    if (json_object_object_get_ex(changes, EXPLICIT_KEY, &flag)) {
        if (!json_object_is_type(flag, json_type_boolean))
            bad = err_field(err, EXPLICIT_KEY, "must be a boolean");
        else
            automatic = !json_object_get_boolean(flag);
    }
    json_object_object_foreach(changes, key, val)
    {
        if (strcmp(key, EXPLICIT_KEY) == 0)
            continue;
        int i = 0;
        while (i < setting_count && strcmp(setting_defs[i].name, key) != 0)
            i++;
        if (i == setting_count) {
            bad = err_field(err, key, "is not a setting");
            continue;
        }
        if (setting_text(&setting_defs[i], val, text[i], sizeof text[i], err))
            bad = -1; /* checked even when the flag makes it automatic: bad input is 422 */
        else if (setting_defs[i].nullable && automatic)
            text[i][0] = '\0'; /* the model's choice, shown by GET: stays the model's */
        given[i] = true;
    }
    for (int i = 0; automatic && i < setting_count; i++)
        if (setting_defs[i].nullable && !given[i]) {
            text[i][0] = '\0'; /* "explicit": false alone goes back to the model's choice */
            given[i] = true;
        }
    if (bad || db_begin(err))
        return -1;
    for (int i = 0; i < setting_count; i++) {
        if (!given[i])
            continue;
        bool cleared = text[i][0] == '\0';
        if (db_settings_store(setting_defs[i].name, cleared ? NULL : text[i], err) ||
            db_audit_write(actor, "settings.update", setting_defs[i].name,
                           cleared ? "automatic" : text[i], err))
            goto out_rollback;
    }
    if (db_commit(err))
        goto out_rollback;
    return db_settings_load(out, err);
out_rollback:
    db_rollback(); /* all or nothing: no setting changes without its audit entry */
    return -1;
}

int settings_load(struct settings *out, struct app_err *err)
{
    return db_settings_load(out, err);
}
