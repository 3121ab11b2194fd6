/* macros: macro validation, changes with their audit entries, and rendering. */
#include "ticket/macros.h"

#include <stdio.h>
#include <string.h>

#include "ai/template.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "json/validate.h"

int macros_list(struct arena *a, struct macro **out, int *n, struct app_err *err)
{
    return db_macros_list(a, MACROS_MAX, out, n, err);
}

int macros_load(struct arena *a, long long id, struct macro *out, struct app_err *err)
{
    bool found = false;
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such macro");
    if (db_macros_get(a, id, out, &found, err))
        return -1;
    return found ? 0 : err_set(err, ERR_NOT_FOUND, "no such macro");
}

/* title and body of a valid macro (copies in a). */
static int input(struct arena *a, struct json_object *obj, const char **title, const char **body,
                 struct app_err *err)
{
    enum { F_TITLE, F_BODY, F_N };
    static const struct field_spec fields[F_N] = {
        [F_TITLE] = {"title", FT_STRING, FS_REQUIRED | FS_TRIM, 1, MACRO_TITLE_MAX, 0, 0, NULL},
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, MACRO_BODY_MAX, 0, 0, NULL},
    };
    struct field_value v[F_N];
    if (validate_json(obj, fields, F_N, v, err))
        return -1;
    *title = arena_strndup(a, v[F_TITLE].s, v[F_TITLE].len);
    *body = arena_strndup(a, v[F_BODY].s, v[F_BODY].len);
    return *title && *body ? 0 : err_unavailable(err, "out of memory");
}

/* The end of every change: its audit entry, the macro as stored and the commit; on
 * any failure the whole transaction is rolled back. */
static int audit_commit(struct arena *a, long long actor, const char *action, long long id,
                        const char *title, struct macro *out, struct app_err *err)
{
    char target[24];
    snprintf(target, sizeof target, "%lld", id);
    if (db_audit_write(actor, action, target, title, err) ||
        (out && macros_load(a, id, out, err)) || db_commit(err)) {
        db_rollback();
        return -1;
    }
    return 0;
}

static int taken(int rc, const char *title, struct app_err *err)
{
    if (rc == DB_DUPLICATE)
        err_set(err, ERR_CONFLICT, "a macro titled \"%s\" exists", title);
    return rc ? -1 : 0;
}

int macros_create(struct arena *a, long long actor, struct json_object *body, struct macro *out,
                  struct app_err *err)
{
    const char *title, *text;
    long long n = 0, id = 0;
    if (input(a, body, &title, &text, err) || db_begin(err))
        return -1;
    if (db_macros_count(&n, err))
        goto out_rollback;
    if (n >= MACROS_MAX) {
        err_set(err, ERR_CONFLICT, "the desk keeps at most %d macros; delete one first",
                MACROS_MAX);
        goto out_rollback;
    }
    if (taken(db_macros_create(title, text, &id, err), title, err))
        goto out_rollback;
    return audit_commit(a, actor, "macro.create", id, title, out, err);
out_rollback:
    db_rollback();
    return -1;
}

int macros_update(struct arena *a, long long actor, long long id, struct json_object *body,
                  struct macro *out, struct app_err *err)
{
    const char *title, *text;
    struct macro m;
    if (input(a, body, &title, &text, err) || db_begin(err))
        return -1;
    if (macros_load(a, id, &m, err) || taken(db_macros_update(id, title, text, err), title, err))
        goto out_rollback;
    return audit_commit(a, actor, "macro.update", id, title, out, err);
out_rollback:
    db_rollback();
    return -1;
}

int macros_delete(struct arena *a, long long actor, long long id, struct app_err *err)
{
    struct macro m;
    if (db_begin(err))
        return -1;
    if (macros_load(a, id, &m, err) || db_macros_delete(id, err)) {
        db_rollback();
        return -1;
    }
    return audit_commit(a, actor, "macro.delete", id, m.title, NULL, err);
}

const char *macros_render(struct arena *a, const struct macro *m, const struct ticket *t)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", t->id);
    struct ai_template_vars vars = {t->customer_name, id, t->subject, t->intent};
    struct buf b;
    buf_init(&b);
    const char *out = NULL;
    if (ai_template_fill(m->body, &vars, &b) == 0)
        out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_cleanup(&b);
    return out;
}
