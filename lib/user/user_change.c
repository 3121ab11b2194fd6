/* user_change: the user patch with the last-admin rule and its audit entry. */
#include "user/user_change.h"

#include <stdio.h>

#include "db/db.h"
#include "db/db_audit.h"
#include "json/jbuild.h"

const char *const user_roles[] = {"customer", "agent", "admin", NULL};

int user_change(struct arena *a, long long actor, long long id, const enum role *role,
                     const bool *disabled, struct user *out, struct app_err *err)
{
    struct user u;
    bool found = false;
    if (db_begin(err))
        return -1;
    if (db_users_by_id(a, id, &u, &found, err))
        goto out_rollback;
    if (!found) {
        err_set(err, ERR_NOT_FOUND, "no such user");
        goto out_rollback;
    }
    enum role new_role = role ? *role : u.role;
    bool new_disabled = disabled ? *disabled : u.disabled;
    bool last_admin = false;
    if (db_users_patch(id, role, disabled, &last_admin, err))
        goto out_rollback;
    if (last_admin) {
        err_set(err, ERR_CONFLICT, "the last active admin cannot be disabled or demoted");
        goto out_rollback;
    }
    struct jbuild detail;
    jb_object(&detail, a);
    jb_str(&detail, "role", role_name(new_role));
    jb_bool(&detail, "disabled", new_disabled);
    jb_str(&detail, "was_role", role_name(u.role));
    jb_bool(&detail, "was_disabled", u.disabled);
    const char *text = jb_json(jb_finish(&detail), NULL);
    if (!text) {
        err_unavailable(err, "out of memory");
        goto out_rollback;
    }
    char target[32];
    snprintf(target, sizeof target, "user:%lld", id);
    if (db_audit_write(actor, "user.update", target, text, err) ||
        db_users_by_id(a, id, out, &found, err) || db_commit(err))
        goto out_rollback;
    return 0;
out_rollback:
    db_rollback();
    return -1;
}
