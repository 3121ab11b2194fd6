/* intent_change: intent create/patch/delete in transactions with their audit entries. */
#include "intent/intent_change.h"

#include <string.h>

#include "db/db.h"
#include "db/db_audit.h"
#include "intent/intent_input.h"

#define NAME_MAX_LEN 64

int intent_load(struct arena *a, const char *name, struct intent *out, struct app_err *err)
{
    bool found = false;
    if (!name || strlen(name) > NAME_MAX_LEN)
        return err_set(err, ERR_NOT_FOUND, "no such intent");
    if (db_intents_get(a, name, out, &found, err))
        return -1;
    return found ? 0 : err_set(err, ERR_NOT_FOUND, "no such intent");
}

/* The end of every change: the audit entry, the intent as stored (into *out) and
 * the commit; on any failure the whole transaction is rolled back. */
static int audit_reload_commit(struct arena *a, long long actor, const char *action,
                               const char *name, struct intent *out, struct app_err *err)
{
    if (db_audit_write(actor, action, name, NULL, err) || intent_load(a, name, out, err) ||
        db_commit(err)) {
        db_rollback();
        return -1;
    }
    return 0;
}

int intent_create(struct arena *a, long long actor, struct json_object *body, struct intent *out,
                  struct app_err *err)
{
    struct intent in = {.auto_resolve = true};
    struct intent_given given;
    if (intent_input_apply(a, body, true, &in, &given, err))
        return -1;
    if (given.auto_paused)
        return err_field(err, "auto_paused", "is set by the feedback loop, not on creation");
    long long id = 0;
    if (db_begin(err))
        return -1;
    int rc = db_intents_create(&in, &id, err);
    if (rc == DB_DUPLICATE) {
        err_set(err, ERR_CONFLICT, "an intent named %s exists", in.name);
        goto out_rollback;
    }
    if (rc)
        goto out_rollback;
    return audit_reload_commit(a, actor, "intent.create", in.name, out, err);
out_rollback:
    db_rollback();
    return -1;
}

int intent_patch(struct arena *a, long long actor, const char *name, struct json_object *body,
                 struct intent *out, struct app_err *err)
{
    struct intent in;
    struct intent_given given;
    if (db_begin(err))
        return -1;
    /* The name is the caller's (the URL's); every other field is optional here. */
    if (intent_load(a, name, &in, err) || intent_input_apply(a, body, false, &in, &given, err))
        goto out_rollback;
    if (given.auto_paused && given.auto_paused_value) {
        err_field(err, "auto_paused",
                  "can only be set to false (re-enable); the feedback loop pauses by itself");
        goto out_rollback;
    }
    if (db_intents_update(in.id, &in, err) ||
        (given.examples && db_intents_set_examples(in.id, in.examples, in.nexamples, err)))
        goto out_rollback;
    if (given.auto_paused && in.auto_paused &&
        (db_intents_set_paused(in.id, false, NULL, err) ||
         db_audit_write(actor, "intent.reenable", in.name, NULL, err)))
        goto out_rollback;
    return audit_reload_commit(a, actor, "intent.update", in.name, out, err);
out_rollback:
    db_rollback();
    return -1;
}

int intent_delete(struct arena *a, long long actor, const char *name, struct app_err *err)
{
    struct intent in;
    if (db_begin(err))
        return -1;
    if (intent_load(a, name, &in, err) || db_intents_delete(in.id, err) ||
        db_audit_write(actor, "intent.delete", in.name, NULL, err) || db_commit(err)) {
        db_rollback();
        return -1;
    }
    return 0;
}
