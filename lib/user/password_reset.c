/* password_reset: the reset link's rules, one place for the API and the pages. */
#include "user/password_reset.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "core/mac.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_password_reset.h"
#include "outbox/outbox.h"
#include "user/account.h"
#include "user/password.h"

const struct field_spec password_reset_request_fields[RESET_REQ_NFIELDS] = {
    [RESET_REQ_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 254, 0, 0, NULL},
};

const struct field_spec password_reset_confirm_fields[RESET_CONFIRM_NFIELDS] = {
    [RESET_CONFIRM_TOKEN] = {"token", FT_STRING, FS_REQUIRED | FS_BYTES, 1, 256, 0, 0, NULL},
    [RESET_CONFIRM_PASSWORD] = USER_PASSWORD_SPEC,
};

/* Past its free requests a counter waits a minute, doubling up to an hour; it is
 * forgotten an hour after its last allowed request. */
#define RESET_BASE_DELAY 60
#define RESET_MAX_DELAY 3600
#define RESET_WINDOW 3600

/* hex(SHA-256(token)): what the table keeps of a token. */
static void token_hash(const char *token, size_t n, char out[RESET_HASH_HEX + 1])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, n, md);
    mac_to_hex(md, sizeof md, out);
    OPENSSL_cleanse(md, sizeof md);
}

/* The counters a request takes from: the address asked for (its own client name,
 * apart from the sign-in counters of the account) and the client's address. */
static int take_limits(struct arena *a, const char *email, const char *ip, struct app_err *err)
{
    const char *client = arena_printf(a, "r:%s", ip && *ip ? ip : "-");
    if (!client)
        return err_unavailable(err, "out of memory");
    const struct login_key keys[2] = {{email, "r:*"}, {"", client}};
    const struct login_rule rules[2] = {
        {PASSWORD_RESET_PER_ACCOUNT, RESET_BASE_DELAY, RESET_MAX_DELAY, RESET_WINDOW},
        {PASSWORD_RESET_PER_CLIENT, RESET_BASE_DELAY, RESET_MAX_DELAY, RESET_WINDOW},
    };
    return user_limits_take(keys, rules, 2, "too many password-reset requests; try again later",
                            err);
}

int password_reset_request(struct arena *a, const char *email_in, size_t email_len, const char *ip,
                           struct app_err *err)
{
    char *email = user_email_lower(a, email_in, email_len);
    if (!email)
        return err_unavailable(err, "out of memory");
    if (take_limits(a, email, ip, err))
        return -1;
    struct user u;
    bool found = false;
    if (db_users_by_email(a, email, &u, &found, err))
        return -1;
    /* Both paths write in one transaction (the audit entry; a known address also its
     * reset and mail), so they take about the same time. */
    bool send = found && !u.disabled;
    char target[32] = "";
    const char *detail = send    ? "{\"account\":true}"
                         : found ? "{\"account\":true,\"disabled\":true}"
                                 : "{\"account\":false}";
    long long reset_id = 0;
    if (found)
        snprintf(target, sizeof target, "user:%lld", u.id);
    if (db_begin(err))
        return -1;
    if (send && (db_password_reset_insert(u.id, g_config.reset_ttl, &reset_id, err) ||
                 outbox_enqueue_reset(reset_id, err)))
        goto out_rollback;
    if (db_audit_write(0, "user.password_reset_requested", target, detail, err) || db_commit(err))
        goto out_rollback;
    if (send && !outbox_enabled())
        log_warn("password reset for user %lld: mail is off (DESKPILOT_MAIL_FROM), no link sent",
                 u.id);
    return db_password_reset_prune(err);
out_rollback:
    db_rollback();
    return -1;
}

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

int password_reset_live(const char *token, bool *live, struct app_err *err)
{
    char hash[RESET_HASH_HEX + 1];
    size_t n = strlen(token);
    *live = false;
    if (n != PASSWORD_RESET_TOKEN_LEN || !all_hex(token, n))
        return 0;
    token_hash(token, n, hash);
    return db_password_reset_live(hash, live, err);
}

int password_reset_confirm(struct arena *a, const struct field_value *v, long long *user_id,
                           struct app_err *err)
{
    (void)a;
    const struct field_value *tok = &v[RESET_CONFIRM_TOKEN];
    const struct field_value *pw = &v[RESET_CONFIRM_PASSWORD];
    static const char *const dead = "is not valid: it was used, it expired or it was never ours; "
                                    "ask for a new link";
    *user_id = 0;
    if (tok->len != PASSWORD_RESET_TOKEN_LEN || !all_hex(tok->s, tok->len))
        return err_field(err, "token", "%s", dead);
    char hash[RESET_HASH_HEX + 1];
    token_hash(tok->s, tok->len, hash);
    /* A cheap look first, so a made-up token costs no bcrypt hash. */
    bool live = false;
    if (password_reset_live(tok->s, &live, err))
        return -1;
    if (!live)
        return err_field(err, "token", "%s", dead);
    char pwhash[PASSWORD_HASH_MAX];
    if (password_hash(pw->s, pw->len, (int)g_config.bcrypt_cost, pwhash))
        return err_internal(err, "password hashing failed");
    long long uid = 0;
    struct user u;
    bool found = false;
    if (db_begin(err))
        return -1;
    if (db_password_reset_consume(hash, &uid, err))
        goto out_rollback;
    if (uid > 0 && db_users_by_id(a, uid, &u, &found, err))
        goto out_rollback;
    if (uid <= 0 || !found || u.disabled) {
        err_field(err, "token", "%s", dead);
        goto out_rollback;
    }
    char target[32];
    snprintf(target, sizeof target, "user:%lld", uid);
    if (db_password_reset_apply(uid, pwhash, err) ||
        db_audit_write(uid, "user.password_reset", target, "{\"sessions_ended\":true}", err) ||
        db_commit(err))
        goto out_rollback;
    *user_id = uid;
    return 0;
out_rollback:
    db_rollback();
    return -1;
}

int password_reset_mail_token(long long id, char token[PASSWORD_RESET_TOKEN_LEN + 1], bool *live,
                              struct app_err *err)
{
    unsigned char raw[PASSWORD_RESET_TOKEN_LEN / 2];
    char hash[RESET_HASH_HEX + 1];
    *live = false;
    token[0] = '\0';
    if (RAND_bytes(raw, sizeof raw) != 1)
        return err_internal(err, "no random bytes for a reset token");
    mac_to_hex(raw, sizeof raw, token);
    OPENSSL_cleanse(raw, sizeof raw);
    token_hash(token, PASSWORD_RESET_TOKEN_LEN, hash);
    if (db_password_reset_set_hash(id, hash, live, err) || !*live) {
        OPENSSL_cleanse(token, PASSWORD_RESET_TOKEN_LEN + 1);
        return err_is_set(err) ? -1 : 0;
    }
    return 0;
}
