/* register: POST /api/auth/register — a new customer account. */
#include "auth_handlers.h"
#include "user/account.h"
#include "view/view_user.h"

int auth_register(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[USER_REG_NFIELDS];
    struct user u;
    if (validate_json(req->json, user_register_fields, USER_REG_NFIELDS, v, err) ||
        user_register(req->arena, v, req->remote_addr, &u, err))
        return -1;
    return response_json(res, 201, view_user_wrapped(req->arena, &u))
               ? err_unavailable(err, "out of memory")
               : 0;
}
