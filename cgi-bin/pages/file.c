/* file: GET /files/{attachment} — an attachment for the pages (their cookie), sent as
 * the API sends it: a download, never a page of ours. */
#include "pages.h"
#include "web/web_attach.h"

int page_file(struct request *req, struct response *res, struct app_err *err)
{
    return web_attachment_send(req, res, 0, request_param(req, 0), err);
}
