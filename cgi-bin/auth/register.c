/* register: POST /api/auth/register — a new customer account. */
#include "auth_handlers.h"
#include "view/view_user.h"
#include "auth/account.h"

int auth_register(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[AUTH_REG_NFIELDS];
    struct user u;
    if (validate_json(req->json, auth_register_fields, AUTH_REG_NFIELDS, v, err) ||
        auth_register_customer(req->arena, v, &u, err))
        return -1;
    return response_json(res, 201, view_user_wrapped(&u)) ? err_unavailable(err, "out of memory")
                                                            : 0;
}
