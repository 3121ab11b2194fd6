/* me: GET /api/auth/me — the signed-in user. */
#include "auth_handlers.h"
#include "user/user_list.h"
#include "view/view_user.h"

int auth_me(struct request *req, struct response *res, struct app_err *err)
{
    struct user u;
    bool found = false;
    if (user_get(req->arena, req->user.id, &u, &found, err))
        return -1;
    if (!found)
        return err_set(err, ERR_UNAUTHORIZED, "the token is invalid or expired");
    return response_json(res, 200, view_user_wrapped(req->arena, &u))
               ? err_unavailable(err, "out of memory")
               : 0;
}
