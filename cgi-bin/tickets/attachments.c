/* attachments: POST /api/tickets/{id}/attachments (multipart/form-data, one or more
 * `file` parts, optionally `message_id`: one of the caller's messages on the ticket)
 * and GET /api/tickets/{id}/attachments/{attachment}. */
#include "core/num.h"
#include "tickets.h"
#include "view/view_ticket.h"
#include "web/web_attach.h"
#include "web/web_form.h"
#include "json/jbuild.h"

int tickets_attach(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct attach_set set;
    struct attachment *rows = NULL;
    if (web_form_parse(req, &f, err) || web_form_files(req->arena, &f, "file", &set, err))
        return -1;
    if ((size_t)set.n != f.nfiles)
        return err_field(err, "file", "send every file as a part named file");
    const char *mid_text = web_form_get(&f, "message_id");
    long long mid = 0;
    if (mid_text && num_parse_ll(mid_text, 1, 1LL << 62, &mid))
        return err_field(err, "message_id", "must be a message id");
    if (ticket_attach_add(req->arena, &req->user, tickets_path_id(req), mid, &set, &rows, err))
        return -1;
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_child(&jb, "attachments", view_attachments(req->arena, rows, set.n));
    return response_json(res, 201, jb_finish(&jb)) ? err_unavailable(err, "out of memory") : 0;
}

int tickets_attachment_get(struct request *req, struct response *res, struct app_err *err)
{
    long long id = tickets_path_id(req);
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such attachment");
    return web_attachment_send(req, res, id, request_param(req, 1), err);
}
