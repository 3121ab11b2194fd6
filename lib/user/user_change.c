/* user_change: the user patch with the last-admin rule and its audit entry. */
#include "user/user_change.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_tickets.h"
#include "ticket/ticket_search.h"
#include "user/password.h"
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

/* The e-mail lower-cased into the arena, as it is stored. */
static char *lower_dup(struct arena *a, const char *email, struct app_err *err)
{
    char *lower = arena_strdup(a, email);
    if (!lower) {
        err_unavailable(err, "out of memory");
        return NULL;
    }
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return lower;
}

static int hash_password(const char *password, size_t password_len, char hash[PASSWORD_HASH_MAX],
                         struct app_err *err)
{
    if (password_len < 8 || password_len > 128)
        return err_field(err, "password", "must be 8..128 bytes");
    if (password_hash(password, password_len, (int)g_config.bcrypt_cost, hash))
        return err_internal(err, "password hashing failed");
    return 0;
}

/* The audit entry of an operator's change to user id (inside its transaction). */
static int audit_operator(const char *action, long long id, struct jbuild *detail,
                          struct app_err *err)
{
    const char *text = jb_json(jb_finish(detail), NULL);
    if (!text)
        return err_unavailable(err, "out of memory");
    char target[32];
    snprintf(target, sizeof target, "user:%lld", id);
    return db_audit_write(0, action, target, text, err);
}

/* Reset an existing account (user add --update), with its audit entry. */
static int user_reset(struct arena *a, const char *email, const char *name, enum role role,
                      const char *hash, long long *id, struct app_err *err)
{
    struct user u;
    bool found = false;
    if (db_begin(err))
        return -1;
    if (db_users_by_email(a, email, &u, &found, err))
        goto out_rollback;
    if (!found) {
        err_set(err, ERR_NOT_FOUND, "no such user");
        goto out_rollback;
    }
    struct jbuild detail;
    jb_object(&detail, a);
    jb_str(&detail, "role", role_name(role));
    jb_bool(&detail, "disabled", false);
    jb_bool(&detail, "password", true);
    jb_str(&detail, "was_role", role_name(u.role));
    jb_bool(&detail, "was_disabled", u.disabled);
    /* A customer's name is in their tickets' search text: made again below. */
    bool renamed = strcmp(u.name, name) != 0;
    if (db_users_update_by_email(email, name, role, hash, err) < 0 ||
        (renamed && db_tickets_forget_search(u.id, err)) ||
        audit_operator("user.reset", u.id, &detail, err) || db_commit(err))
        goto out_rollback;
    if (id)
        *id = u.id;
    /* The reset stands either way: texts left to make wait for deskpilot migrate. */
    if (renamed)
        (void)ticket_search_catch_up("user.reset (a customer renamed)");
    return 0;
out_rollback:
    db_rollback();
    return -1;
}

int user_add(struct arena *a, const char *email, const char *name, enum role role,
             const char *password, size_t password_len, bool update, long long *id,
             struct app_err *err)
{
    char hash[PASSWORD_HASH_MAX];
    if (hash_password(password, password_len, hash, err))
        return -1;
    char *lower = lower_dup(a, email, err);
    if (!lower)
        return -1;
    long long new_id = 0;
    int rc = db_users_create(lower, name, role, hash, &new_id, err);
    if (rc == DB_DUPLICATE && !update)
        return err_set(err, ERR_CONFLICT, "%s already exists", lower);
    if (rc == DB_DUPLICATE)
        return user_reset(a, lower, name, role, hash, id, err);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

/* The user of this e-mail, 404 when there is none. */
static int by_email(struct arena *a, const char *email, struct user *u, struct app_err *err)
{
    char *lower = lower_dup(a, email, err);
    bool found = false;
    if (!lower || db_users_by_email(a, lower, u, &found, err))
        return -1;
    return found ? 0 : err_set(err, ERR_NOT_FOUND, "no user %s", lower);
}

int user_set_password(struct arena *a, const char *email, const char *password, size_t password_len,
                      struct app_err *err)
{
    char hash[PASSWORD_HASH_MAX];
    struct user u;
    if (hash_password(password, password_len, hash, err) || by_email(a, email, &u, err))
        return -1;
    if (db_begin(err))
        return -1;
    struct jbuild detail;
    jb_object(&detail, a);
    jb_bool(&detail, "password", true);
    int rc = db_users_set_password(u.id, hash, err);
    if (rc == 1)
        err_set(err, ERR_NOT_FOUND, "no user %s", u.email);
    if (rc || audit_operator("user.password", u.id, &detail, err) || db_commit(err)) {
        db_rollback();
        return -1;
    }
    return 0;
}

int user_set_disabled(struct arena *a, const char *email, bool disabled, struct app_err *err)
{
    struct user u, out;
    if (by_email(a, email, &u, err))
        return -1;
    return user_change(a, 0, u.id, NULL, &disabled, &out, err);
}
