/* login: POST /api/auth/login — a bearer token for e-mail + password, with brute-force limits. */
#include <ctype.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>

#include "auth/auth.h"
#include "auth/password.h"
#include "auth_handlers.h"
#include "core/config.h"
#include "db/db_users.h"
#include "json/validate.h"
#include "view/view_user.h"

enum { F_EMAIL, F_PASSWORD };
static const struct field_spec fields[] = {
    [F_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 254, 0, 0, NULL},
    [F_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 1, 1024, 0, 0, NULL},
};

static int wrong_login(const char *email, const char *ip, struct app_err *err)
{
    if (db_login_record_failure(email, ip, err))
        return -1;
    return err_set(err, ERR_UNAUTHORIZED, "invalid e-mail or password");
}

int auth_login(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[2];
    if (validate_json(req->json, fields, 2, v, err))
        return -1;
    char *email = arena_strndup(req->arena, v[F_EMAIL].s, v[F_EMAIL].len);
    if (!email)
        return err_unavailable(err, "out of memory");
    for (char *p = email; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *ip = req->remote_addr ? req->remote_addr : "-";

    long long by_email = 0, by_ip = 0, retry = 0;
    if (db_login_failures(email, ip, g_config.login_window, &by_email, &by_ip, &retry, err))
        return -1;
    if (by_email >= g_config.login_max_failures || by_ip >= g_config.login_max_failures_ip) {
        err_set(err, ERR_RATE_LIMITED, "too many failed logins; try again later");
        err->retry_after = retry > 0 ? (int)retry : 1;
        return -1;
    }

    struct user u;
    bool found = false;
    if (db_users_by_email(req->arena, email, &u, &found, err))
        return -1;
    if (!found) {
        password_burn((int)g_config.bcrypt_cost); /* same time as a wrong password */
        return wrong_login(email, ip, err);
    }
    if (!password_verify(v[F_PASSWORD].s, v[F_PASSWORD].len, u.password_hash) || u.disabled)
        return wrong_login(email, ip, err);
    if (db_login_clear(email, err))
        return -1;

    char *token = auth_issue_token(u.id, u.role);
    if (!token)
        return err_internal(err, "token issue failed");
    json_object *o = json_object_new_object();
    if (o) {
        json_object_object_add(o, "access_token", json_object_new_string(token));
        json_object_object_add(o, "token_type", json_object_new_string("bearer"));
        json_object_object_add(o, "expires_in", json_object_new_int64(g_config.jwt_ttl));
        json_object_object_add(o, "user", view_user(&u));
    }
    free(token);
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}
