/* support_ticket: /support/tickets/{id} — one ticket for its customer: the
 * conversation, "Did this solve your problem?" and the follow-up form. */
#include <json.h>
#include <string.h>

#include "pages.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "web/web_attach.h"

/* The page for ticket id; draft is the follow-up being written, errors the
 * problems to show with it (both may be NULL). */
static int render(struct request *req, struct response *res, int status, long long id,
                  const char *draft, const struct app_err *errors, struct app_err *err)
{
    struct ticket t;
    struct ticket_message *m = NULL;
    struct ticket_rating rating;
    int n = 0;
    if (ticket_ops_read(req->arena, &req->user, id, &t, &m, &n, err) ||
        ticket_ops_rating(req->arena, &req->user, &t, &rating, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    json_object *tj = web_ticket_json(req->arena, &t, &req->user, m, n, NULL);
    if (web_ticket_files(req->arena, &req->user, tj, t.id, err) ||
        web_attach_hint(&d, req->arena, err))
        return -1;
    jb_child(&d, "t", tj);
    jb_str(&d, "draft", draft ? draft : "");
    /* After "Yes", the stars the dashboard's CSAT counts. */
    if (ticket_ops_wants_stars(&rating))
        pages_stars(req->arena, &d, arena_printf(req->arena, "/support/tickets/%lld/rating", t.id));
    const char *title = arena_printf(req->arena, "Ticket #%lld", t.id);
    return pages_show(req, res, status, "support_ticket", title, "support", &d, errors, err);
}

int page_support_ticket(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, pages_path_id(req), NULL, NULL, err);
}

int page_support_message(struct request *req, struct response *res, struct app_err *err)
{
    /* Only the body: customers neither resolve nor mark replies reusable. */
    struct web_form f;
    struct field_value v[1];
    struct app_err bad;
    struct attach_set files;
    long long id = pages_path_id(req), mid = 0;
    if (pages_form_fields(req, &f, &ticket_message_fields[TF_MSG_BODY], 1, v, &bad) ||
        web_form_files(req->arena, &f, "files", &files, &bad) ||
        ticket_ops_message_files(req->arena, &req->user, id, v[0].s, false, false, 0, &files, &mid,
                                 &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), id, web_form_get(&f, "body"), &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=sent#latest", id);
}

int page_support_feedback(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const yes_no[] = {"yes", "no", NULL};
    enum { F_HELPFUL, F_COMMENT, NFIELDS };
    static const struct field_spec fields[NFIELDS] = {
        [F_HELPFUL] = {"helpful", FT_STRING, FS_REQUIRED, 1, 3, 0, 0, yes_no},
        [F_COMMENT] = {"comment", FT_STRING, FS_TRIM, 0, 2000, 0, 0, NULL},
    };
    struct web_form f;
    struct field_value v[NFIELDS];
    struct app_err bad;
    long long id = pages_path_id(req), fid = 0;
    int rc = pages_form_fields(req, &f, fields, NFIELDS, v, &bad);
    bool helpful = rc == 0 && strcmp(v[F_HELPFUL].s, "yes") == 0;
    const char *comment =
        rc == 0 && v[F_COMMENT].present && v[F_COMMENT].len ? v[F_COMMENT].s : NULL;
    if (rc || ticket_ops_feedback(req->arena, &req->user, id, helpful, 0, comment, &fid, &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), id, NULL, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=%s", id,
                          helpful ? "thanks" : "reopened");
}

int page_support_stars(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[PAGES_STARS_NFIELDS];
    struct app_err bad;
    long long id = pages_path_id(req);
    int rc = pages_form_fields(req, &f, pages_stars_fields, PAGES_STARS_NFIELDS, v, &bad);
    const struct field_value *c = &v[PAGES_STARS_COMMENT];
    if (rc || ticket_ops_stars(req->arena, &req->user, id, v[PAGES_STARS_RATING].s[0] - '0',
                               c->present && c->len ? c->s : NULL, &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), id, NULL, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=rated", id);
}
