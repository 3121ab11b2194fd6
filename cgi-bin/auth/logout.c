/* logout: POST /api/auth/logout — end the bearer token before it expires. */
#include "auth/auth.h"
#include "auth_handlers.h"

int auth_logout(struct request *req, struct response *res, struct app_err *err)
{
    if (auth_revoke(&req->user, err))
        return -1;
    return response_text(res, 204, NULL, "", 0) ? err_unavailable(err, "out of memory") : 0;
}
