/* logout: POST /logout — forget the session cookie. */
#include "pages.h"
#include "web/web_session.h"

int page_logout(struct request *req, struct response *res, struct app_err *err)
{
    if (web_session_clear(req, res))
        return err_unavailable(err, "out of memory");
    return pages_redirect(req, res, err, "/login");
}
