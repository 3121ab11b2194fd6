/* login: POST /api/auth/login — a bearer token for e-mail + password, with brute-force limits. */
#include <json.h>
#include <stdlib.h>

#include "auth/auth.h"
#include "auth_handlers.h"
#include "core/config.h"
#include "json/validate.h"
#include "view/view_user.h"
#include "user/account.h"

int auth_login(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[USER_SIGNIN_NFIELDS];
    struct user u;
    if (validate_json(req->json, user_sign_in_fields, USER_SIGNIN_NFIELDS, v, err) ||
        user_sign_in(req->arena, v[USER_SIGNIN_EMAIL].s, v[USER_SIGNIN_EMAIL].len, v[USER_SIGNIN_PASSWORD].s,
                         v[USER_SIGNIN_PASSWORD].len, req->remote_addr, &u, err))
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
