/* password_reset: POST /api/auth/password-reset and /api/auth/password-reset/confirm —
 * "Forgot password?" for API clients, with the rules of lib/user/password_reset.h. */
#include <json.h>

#include "auth_handlers.h"
#include "user/password_reset.h"
#include "json/jbuild.h"

/* The one answer to every request that passed the limits, known address or not. */
#define RESET_SENT                                                                                 \
    "If an account has this address, a link to set a new password is on its way to it."

int auth_password_reset(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[RESET_REQ_NFIELDS];
    if (validate_json(req->json, password_reset_request_fields, RESET_REQ_NFIELDS, v, err) ||
        password_reset_request(req->arena, v[RESET_REQ_EMAIL].s, v[RESET_REQ_EMAIL].len,
                               req->remote_addr, err))
        return -1;
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_str(&jb, "detail", RESET_SENT);
    return response_json(res, 202, jb_finish(&jb)) ? err_unavailable(err, "out of memory") : 0;
}

int auth_password_reset_confirm(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[RESET_CONFIRM_NFIELDS];
    long long user_id = 0;
    if (validate_json(req->json, password_reset_confirm_fields, RESET_CONFIRM_NFIELDS, v, err) ||
        password_reset_confirm(req->arena, v, &user_id, err))
        return -1;
    return response_text(res, 204, NULL, "", 0) ? err_unavailable(err, "out of memory") : 0;
}
