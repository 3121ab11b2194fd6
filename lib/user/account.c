/* account: sign-in and sign-up rules in one place for every front end. */
#include "user/account.h"

#include <ctype.h>
#include <stdio.h>
#include <time.h>

#include "core/config.h"
#include "db/db.h"
#include "db/db_login.h"
#include "db/db_quota.h"
#include "settings/settings.h"
#include "user/password.h"

const struct field_spec user_register_fields[USER_REG_NFIELDS] = {
    [USER_REG_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM | FS_EMAIL, 3, 254, 0, 0, NULL},
    [USER_REG_PASSWORD] = USER_PASSWORD_SPEC,
    [USER_REG_NAME] = {"name", FT_STRING, FS_REQUIRED, 1, 100, 0, 0, NULL},
};

const struct field_spec user_sign_in_fields[USER_SIGNIN_NFIELDS] = {
    [USER_SIGNIN_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 254, 0, 0, NULL},
    [USER_SIGNIN_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 1, 1024, 0, 0, NULL},
};

char *user_email_lower(struct arena *a, const char *s, size_t n)
{
    char *out = arena_strndup(a, s, n);
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* The counters an attempt answers to (db_login.h). A browser holding a device
 * cookie for the account, or an address it signed in from before, answers only to
 * its own: an attack on the account from elsewhere does not lock it out. Anyone
 * else also answers to the address's count across accounts and to the account's
 * count across unknown clients, so guessing stays bounded however many addresses
 * take part. */
struct scope {
    struct login_key key;
    long long max_free;
    bool shared; /* the address's or the account's count, not the client's own */
};

static int refuse(long long wait, const char *message, struct app_err *err)
{
    err_set(err, ERR_RATE_LIMITED, "%s", message);
    err->retry_after = wait > 0 ? (int)wait : 1;
    return -1;
}

int user_limits_take(const struct login_key *keys, const struct login_rule *rules, int n,
                     const char *message, struct app_err *err)
{
    struct login_standing st[USER_LIMITS_MAX];
    if (n > USER_LIMITS_MAX)
        return err_internal(err, "too many limits");
    if (db_login_standing(keys, n, st, err))
        return -1;
    long long wait = 0;
    for (int i = 0; i < n; i++)
        wait = st[i].wait > wait ? st[i].wait : wait;
    if (wait > 0)
        return refuse(wait, message, err);
    for (int i = 0; i < n; i++) {
        bool taken = false;
        if (db_login_take(&keys[i], &rules[i], &taken, err))
            return -1;
        if (!taken) {                   /* another attempt took the last one meanwhile */
            for (int k = 0; k < i; k++) /* this one is not evaluated: it counts nowhere */
                if (db_login_give_back(&keys[k], rules[k].max_free, err))
                    return -1;
            if (db_login_standing(keys, n, st, err))
                return -1;
            for (int k = 0; k < n; k++)
                wait = st[k].wait > wait ? st[k].wait : wait;
            return refuse(wait, message, err);
        }
    }
    return db_login_prune(err);
}

/* Take one attempt from every scope, or refuse with how long to wait. */
static int take_attempt(const struct scope *sc, int n, struct app_err *err)
{
    struct login_key keys[3];
    struct login_rule rules[3];
    for (int i = 0; i < n; i++) {
        keys[i] = sc[i].key;
        rules[i] = (struct login_rule){sc[i].max_free, g_config.login_base_delay,
                                       g_config.login_max_delay, g_config.login_window};
    }
    return user_limits_take(keys, rules, n, "too many failed sign-ins; try again later", err);
}

int user_sign_in(struct arena *a, const char *email_in, size_t email_len, const char *password,
                 size_t password_len, const char *ip, const char *device, struct user *u,
                 struct app_err *err)
{
    char *email = user_email_lower(a, email_in, email_len);
    if (!email)
        return err_unavailable(err, "out of memory");
    if (!ip || !*ip)
        ip = "-";
    char *device_client = device ? arena_printf(a, "d:%s", device) : NULL;
    if (device && !device_client)
        return err_unavailable(err, "out of memory");
    const struct login_key by_pair = {email, ip};
    struct scope sc[3];
    int n = 0;
    if (device_client) {
        sc[n++] = (struct scope){{email, device_client}, g_config.login_max_failures, false};
    } else {
        struct login_standing st;
        if (db_login_standing(&by_pair, 1, &st, err))
            return -1;
        /* The account-wide count last: it is shared with the attackers, so it
         * should count the attempts that get evaluated. */
        if (!st.known)
            sc[n++] = (struct scope){{"", ip}, g_config.login_max_failures_ip, true};
        sc[n++] = (struct scope){by_pair, g_config.login_max_failures, false};
        if (!st.known)
            sc[n++] = (struct scope){{email, "*"}, g_config.login_max_failures_account, true};
    }
    if (take_attempt(sc, n, err))
        return -1;
    bool found = false;
    if (db_users_by_email(a, email, u, &found, err))
        return -1;
    if (!found) {
        password_burn((int)g_config.bcrypt_cost); /* same time as a wrong password */
        return err_set(err, ERR_UNAUTHORIZED, "invalid e-mail or password");
    }
    if (!password_verify(password, password_len, u->password_hash) || u->disabled)
        return err_set(err, ERR_UNAUTHORIZED, "invalid e-mail or password");
    /* The attempt was counted as a failure in advance: the shared counts get it
     * back, this client starts over and its address is known from now on. */
    for (int i = 0; i < n; i++)
        if (sc[i].shared && db_login_give_back(&sc[i].key, sc[i].max_free, err))
            return -1;
    if (device_client && db_login_forget(&sc[0].key, err)) /* a new cookie replaces it */
        return -1;
    return db_login_succeeded(&by_pair, g_config.login_known_ttl, err);
}

/* Seconds until the next clock hour, when the hourly quotas start over. */
static int next_hour(time_t now)
{
    return (int)(3600 - now % 3600);
}

/* The sign-up quota of the address (0 = none), before any hashing. */
static int signup_allowed(const char *ip, struct app_err *err)
{
    struct settings s;
    if (settings_load(&s, err))
        return -1;
    if (s.signup_quota <= 0)
        return 0;
    time_t now = time(NULL);
    bool taken = false;
    if (db_signup_quota_take(ip && *ip ? ip : "-", (long long)now / 3600, s.signup_quota, &taken,
                             err))
        return -1;
    if (taken)
        return 0;
    err_set(err, ERR_RATE_LIMITED, "too many sign-ups from this address; try again later");
    err->retry_after = next_hour(now);
    return -1;
}

int user_register(struct arena *a, const struct field_value *v, const char *ip, struct user *u,
                  struct app_err *err)
{
    if (signup_allowed(ip, err))
        return -1;
    char *email = user_email_lower(a, v[USER_REG_EMAIL].s, v[USER_REG_EMAIL].len);
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
