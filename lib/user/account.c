/* account: sign-in and sign-up rules in one place for every front end. */
#include "user/account.h"

#include <ctype.h>
#include <stdio.h>

#include "core/config.h"
#include "db/db.h"
#include "user/password.h"

const struct field_spec user_register_fields[USER_REG_NFIELDS] = {
    [USER_REG_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM | FS_EMAIL, 3, 254, 0, 0, NULL},
    [USER_REG_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 8, 128, 0, 0, NULL},
    [USER_REG_NAME] = {"name", FT_STRING, FS_REQUIRED, 1, 100, 0, 0, NULL},
};

const struct field_spec user_sign_in_fields[USER_SIGNIN_NFIELDS] = {
    [USER_SIGNIN_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 254, 0, 0, NULL},
    [USER_SIGNIN_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 1, 1024, 0, 0, NULL},
};

static char *lower_copy(struct arena *a, const char *s, size_t n)
{
    char *out = arena_strndup(a, s, n);
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

static int wrong_login(const char *email, const char *ip, struct app_err *err)
{
    if (db_login_record_failure(email, ip, err))
        return -1;
    return err_set(err, ERR_UNAUTHORIZED, "invalid e-mail or password");
}

int user_sign_in(struct arena *a, const char *email_in, size_t email_len, const char *password,
                 size_t password_len, const char *ip, struct user *u, struct app_err *err)
{
    char *email = lower_copy(a, email_in, email_len);
    if (!email)
        return err_unavailable(err, "out of memory");
    if (!ip)
        ip = "-";
    long long by_email = 0, by_ip = 0, retry = 0;
    if (db_login_failures(email, ip, g_config.login_window, &by_email, &by_ip, &retry, err))
        return -1;
    if (by_email >= g_config.login_max_failures || by_ip >= g_config.login_max_failures_ip) {
        err_set(err, ERR_RATE_LIMITED, "too many failed logins; try again later");
        err->retry_after = retry > 0 ? (int)retry : 1;
        return -1;
    }
    bool found = false;
    if (db_users_by_email(a, email, u, &found, err))
        return -1;
    if (!found) {
        password_burn((int)g_config.bcrypt_cost); /* same time as a wrong password */
        return wrong_login(email, ip, err);
    }
    if (!password_verify(password, password_len, u->password_hash) || u->disabled)
        return wrong_login(email, ip, err);
    return db_login_clear(email, err);
}

int user_register(struct arena *a, const struct field_value *v, struct user *u, struct app_err *err)
{
    char *email = lower_copy(a, v[USER_REG_EMAIL].s, v[USER_REG_EMAIL].len);
    char *name = arena_strndup(a, v[USER_REG_NAME].s, v[USER_REG_NAME].len);
    if (!email || !name)
        return err_unavailable(err, "out of memory");
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(v[USER_REG_PASSWORD].s, v[USER_REG_PASSWORD].len, (int)g_config.bcrypt_cost,
                      hash))
        return err_internal(err, "password hashing failed");
    long long id = 0;
    int rc = db_users_create(email, name, ROLE_CUSTOMER, hash, &id, err);
    if (rc == DB_DUPLICATE) {
        err_set(err, ERR_CONFLICT, "this e-mail is already registered");
        err->nfields = 1;
        snprintf(err->fields[0].field, sizeof err->fields[0].field, "email");
        snprintf(err->fields[0].message, sizeof err->fields[0].message,
                 "is already registered; sign in instead");
        return -1;
    }
    if (rc)
        return -1;
    bool found = false;
    if (db_users_by_id(a, id, u, &found, err))
        return -1;
    if (!found)
        return err_internal(err, "user %lld vanished after insert", id);
    return 0;
}
