/* logout: POST /logout — forget the session cookie. */
#include "auth/auth.h"
#include "pages.h"
#include "web/web_session.h"

int page_logout(struct request *req, struct response *res, struct app_err *err)
{
    /* The cookie goes, and so does the token: a copy of it stops working too. */
    if (auth_revoke(&req->user, err))
        return -1;
    if (web_session_clear(req, res))
        return err_unavailable(err, "out of memory");
    return pages_redirect(req, res, err, "/login");
}
