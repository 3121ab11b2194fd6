/* support_ticket: /support/tickets/{id} — one ticket for its customer: the
 * conversation, "Did this solve your problem?" and the follow-up form. */
#include <json.h>
#include <string.h>

#include "pages.h"
#include "ticket/ticket_ops.h"
#include "web/web_form.h"
#include "web/web_render.h"

/* The page for ticket id; draft is the follow-up being written, errors the
 * problems to show with it (both may be NULL). */
static int render(struct request *req, struct response *res, int status, long long id,
                  const char *draft, const struct app_err *errors, struct app_err *err)
{
    struct ticket t;
    struct ticket_message *m = NULL;
    int n = 0;
    if (ticket_ops_load(req->arena, &req->user, id, false, &t, err) ||
        db_tickets_messages(req->arena, t.id, &m, &n, err))
        return -1;
    json_object *d = json_object_new_object();
    if (!d)
        return err_unavailable(err, "out of memory");
    const char *notice = pages_notice(req);
    int rc = pages_put(d, "t", web_ticket_json(&t, &req->user, m, n, NULL)) |
             pages_put(d, "draft", pages_str(draft)) |
             pages_put(d, "errors", errors ? web_form_errors(errors) : json_object_new_object());
    if (errors && errors->code == ERR_CONFLICT)
        rc |= pages_put(d, "error", json_object_new_string(errors->detail));
    if (notice)
        rc |= pages_put(d, "notice", json_object_new_string(notice));
    if (rc) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    const char *title = arena_printf(req->arena, "Ticket #%lld", t.id);
    return web_render(req, res, status, "support_ticket", title, "support", d, err);
}

int page_support_ticket(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, pages_path_id(req), NULL, NULL, err);
}

int page_support_message(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_BODY, NFIELDS };
    static const struct field_spec fields[NFIELDS] = {
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
    };
    static const char *const names[] = {"body", NULL};
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    json_object *in = web_form_json(&f, names);
    if (!in)
        return err_unavailable(err, "out of memory");
    long long id = pages_path_id(req), mid = 0;
    struct field_value v[NFIELDS];
    struct app_err bad;
    err_clear(&bad);
    int rc = validate_json(in, fields, NFIELDS, v, &bad) ||
             ticket_ops_message(req->arena, &req->user, id, v[F_BODY].s, false, false, &mid, &bad);
    json_object_put(in);
    if (rc && pages_form_error(&bad))
        return render(req, res, bad.code == ERR_CONFLICT ? 409 : 422, id, web_form_get(&f, "body"),
                      &bad, err);
    if (rc) {
        *err = bad;
        return -1;
    }
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
    static const char *const names[] = {"helpful", "comment", NULL};
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    json_object *in = web_form_json(&f, names);
    if (!in)
        return err_unavailable(err, "out of memory");
    long long id = pages_path_id(req), fid = 0;
    struct field_value v[NFIELDS];
    struct app_err bad;
    err_clear(&bad);
    int rc = validate_json(in, fields, NFIELDS, v, &bad);
    bool helpful = rc == 0 && strcmp(v[F_HELPFUL].s, "yes") == 0;
    const char *comment = NULL;
    if (rc == 0 && v[F_COMMENT].present && v[F_COMMENT].len > 0 &&
        !(comment = arena_strndup(req->arena, v[F_COMMENT].s, v[F_COMMENT].len)))
        rc = err_unavailable(&bad, "out of memory");
    if (rc == 0)
        rc = ticket_ops_feedback(req->arena, &req->user, id, helpful, 0, comment, &fid, &bad);
    json_object_put(in);
    if (rc && pages_form_error(&bad))
        return render(req, res, bad.code == ERR_CONFLICT ? 409 : 422, id, NULL, &bad, err);
    if (rc) {
        *err = bad;
        return -1;
    }
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=%s", id,
                          helpful ? "thanks" : "reopened");
}
