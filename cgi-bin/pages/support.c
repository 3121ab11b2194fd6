/* support: GET /support/ and POST /support/tickets — the customer's home: a new
 * ticket form and every ticket they filed. */
#include <json.h>

#include "http/page.h"
#include "pages.h"
#include "ticket/ticket_ops.h"
#include "web/web_form.h"
#include "web/web_render.h"

#define LIST_PAGE 25

enum { F_SUBJECT, F_BODY, F_PRIORITY, NFIELDS };
/* The same rules as POST /api/tickets. */
static const struct field_spec fields[NFIELDS] = {
    [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 200, 0, 0, NULL},
    [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
    [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, pages_priorities},
};

/* The page; form holds what the customer typed (NULL = empty form), errors the
 * field errors to show next to it. */
static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors, struct app_err *err)
{
    struct page p;
    if (page_from_query(req, &p, err))
        return -1;
    struct ticket_filter filter = {
        .customer_id = req->user.id, .status = -1, .before = p.after, .limit = LIST_PAGE + 1};
    struct ticket *t = NULL;
    int n = 0;
    if (db_tickets_list(req->arena, &filter, &t, &n, err))
        return -1;
    const char *next = NULL;
    if (n > LIST_PAGE) {
        n = LIST_PAGE;
        if (!(next = page_cursor(req->arena, t[n - 1].id)))
            return err_unavailable(err, "out of memory");
    }
    json_object *d = json_object_new_object(), *list = json_object_new_array();
    int rc = !d || !list;
    for (int i = 0; !rc && i < n; i++) {
        json_object *o = web_ticket_json(&t[i], &req->user, NULL, 0, NULL);
        rc = !o || json_object_array_add(list, o);
        if (rc)
            json_object_put(o);
    }
    const char *notice = pages_notice(req);
    const char *priority = form ? web_form_get(form, "priority") : NULL;
    if (!d) {
        json_object_put(list);
        return err_unavailable(err, "out of memory");
    }
    rc |= pages_put(d, "tickets", list);
    rc |= pages_put(d, "has_tickets", json_object_new_boolean(n > 0));
    rc |= pages_put(d, "is_first_page", json_object_new_boolean(p.after == 0));
    rc |= pages_put(d, "subject", pages_str(form ? web_form_get(form, "subject") : NULL));
    rc |= pages_put(d, "body", pages_str(form ? web_form_get(form, "body") : NULL));
    rc |= pages_put(
        d, "priorities",
        pages_options(pages_priorities, pages_priority_labels, priority ? priority : "normal"));
    rc |= pages_put(d, "errors", errors ? web_form_errors(errors) : json_object_new_object());
    if (next) {
        const char *url = arena_printf(req->arena, "/support/?cursor=%s", next);
        rc |= !url || pages_put(d, "next_url", json_object_new_string(url));
    }
    if (notice)
        rc |= pages_put(d, "notice", json_object_new_string(notice));
    if (rc) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    return web_render(req, res, status, "support", "My tickets", "support", d, err);
}

int page_support(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

int page_support_create(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    static const char *const names[] = {"subject", "body", "priority", NULL};
    json_object *in = web_form_json(&f, names);
    if (!in)
        return err_unavailable(err, "out of memory");
    struct field_value v[NFIELDS];
    struct app_err bad;
    err_clear(&bad);
    long long id = 0;
    int rc = validate_json(in, fields, NFIELDS, v, &bad) ||
             ticket_ops_create(req->arena, &req->user, v[F_SUBJECT].s, v[F_BODY].s,
                               v[F_PRIORITY].present ? v[F_PRIORITY].s : "normal", &id, &bad);
    json_object_put(in);
    if (rc && pages_form_error(&bad))
        return render(req, res, 422, &f, &bad, err);
    if (rc) {
        *err = bad;
        return -1;
    }
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=created", id);
}
