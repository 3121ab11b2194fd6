/* login: POST /api/auth/login — a bearer token for e-mail + password, under the sign-in
 * limits; a device cookie for the next sign-in. */
#include <stdlib.h>

#include "auth/auth.h"
#include "auth/device.h"
#include "auth_handlers.h"
#include "core/config.h"
#include "user/account.h"
#include "view/view_user.h"
#include "json/jbuild.h"
#include "json/validate.h"

int auth_login(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[USER_SIGNIN_NFIELDS];
    struct user u;
    if (validate_json(req->json, user_sign_in_fields, USER_SIGNIN_NFIELDS, v, err))
        return -1;
    const char *device = auth_device_nonce(req, v[USER_SIGNIN_EMAIL].s, v[USER_SIGNIN_EMAIL].len);
    if (user_sign_in(req->arena, v[USER_SIGNIN_EMAIL].s, v[USER_SIGNIN_EMAIL].len,
                     v[USER_SIGNIN_PASSWORD].s, v[USER_SIGNIN_PASSWORD].len, req->remote_addr,
                     device, &u, err))
        return -1;
    /* A client that keeps cookies signs in from here even while the account is
     * under attack from elsewhere (auth/device.h). */
    if (auth_device_set(req, res, u.email))
        return err_unavailable(err, "device cookie failed");
    char *token = auth_issue_token(&u, NULL);
    if (!token)
        return err_internal(err, "token issue failed");
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_str(&jb, "access_token", token);
    jb_str(&jb, "token_type", "bearer");
    jb_int(&jb, "expires_in", g_config.jwt_ttl);
    jb_child(&jb, "user", view_user(req->arena, &u));
    free(token);
    return response_json(res, 200, jb_finish(&jb)) ? err_unavailable(err, "out of memory") : 0;
}
