/* home: GET / — each role's start page, or the sign-in page. */
#include "pages.h"
#include "web/web_session.h"

int page_home(struct request *req, struct response *res, struct app_err *err)
{
    return pages_redirect(req, res, err, "%s",
                          web_home(req->user.id > 0 ? req->user.role : ROLE_NONE));
}

/* GET /support and /agent: the pages live one slash further. */
int page_add_slash(struct request *req, struct response *res, struct app_err *err)
{
    return pages_redirect(req, res, err, "%s/", req->path);
}
