/* support: GET /support/ and POST /support/tickets — the customer's home: a new
 * ticket form and every ticket they filed; POST /support/check, /support/suggest and
 * /support/deflected — the answer the form's text would get, before it is filed. */
#include <json.h>

#include "http/page.h"
#include "pages.h"
#include "ticket/ticket_deflect.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "web/web_attach.h"

/* The page; form holds what the customer typed (NULL = empty form), errors the
 * field errors to show next to it, answer (NULL: none asked for) what "Check for
 * answers" found. */
static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors,
                  const struct deflect_answer *answer, struct app_err *err)
{
    struct page p;
    if (page_from_query(req->query, req->nquery, &p, err))
        return -1;
    p.limit = LIST_PAGE;
    struct ticket_query any = {.status = -1};
    struct ticket *t = NULL;
    int n = 0;
    const char *next;
    if (ticket_list(req->arena, &req->user, &any, &p, &t, &n, &next, err))
        return -1;
    const char *priority = form ? web_form_get(form, "priority") : NULL;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "tickets", pages_ticket_list(req, t, n, NULL));
    jb_bool(&d, "has_tickets", n > 0);
    jb_bool(&d, "is_first_page", p.after == 0);
    pages_form_str(&d, form, "subject");
    pages_form_str(&d, form, "body");
    if (web_attach_hint(&d, req->arena, err))
        return -1;
    jb_child(&d, "priorities",
             pages_options(req->arena, ticket_priorities, pages_priority_labels,
                           priority ? priority : "normal"));
    if (next)
        jb_text(&d, "next_url", arena_printf(req->arena, "/support/?cursor=%s", next));
    if (answer && answer->found) {
        struct jbuild s;
        jb_object(&s, req->arena);
        jb_str(&s, "answer", answer->answer);
        jb_str(&s, "token", answer->token);
        pages_form_str(&s, form, "subject");
        pages_form_str(&s, form, "body");
        jb_str(&s, "priority", priority ? priority : "normal");
        jb_child(&d, "suggestion", jb_finish(&s));
    }
    jb_bool(&d, "checked_none", answer && !answer->found);
    return pages_show(req, res, status, "support", "My tickets", "support", &d, errors, err);
}

int page_support(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, NULL, err);
}

int page_support_create(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[TF_CREATE_N];
    struct app_err bad;
    struct attach_set files;
    long long id = 0;
    if (pages_form_fields(req, &f, ticket_create_fields, TF_CREATE_N, v, &bad) ||
        web_form_files(req->arena, &f, "files", &files, &bad) ||
        ticket_ops_create_files(req->arena, &req->user, v[TF_SUBJECT].s, v[TF_BODY].s,
                                v[TF_PRIORITY].present ? v[TF_PRIORITY].s : "normal", &files, &id,
                                &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &f, &bad, NULL, err)
                   : -1;
    return pages_redirect(req, res, err, "/support/tickets/%lld?done=created", id);
}

/* The form's subject and body checked as a ticket's, then the answer they would get. */
static int suggest(struct request *req, struct web_form *f, struct deflect_answer *out,
                   struct app_err *bad)
{
    struct field_value v[TF_CREATE_N];
    return pages_form_fields(req, f, ticket_create_fields, TF_CREATE_N, v, bad) ||
                   ticket_deflect_suggest(req->arena, &req->user, v[TF_SUBJECT].s, v[TF_BODY].s,
                                          out, bad)
               ? -1
               : 0;
}

int page_support_check(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    struct deflect_answer a;
    if (suggest(req, &f, &a, &bad))
        return pages_form_failed(&bad, ERR_NONE, err) ? render(req, res, 422, &f, &bad, NULL, err)
                                                      : -1;
    return render(req, res, 200, &f, NULL, &a, err);
}

int page_support_suggest(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    struct deflect_answer a;
    struct jbuild o;
    /* While typing, an incomplete form is simply "no answer yet". */
    if (suggest(req, &f, &a, &bad)) {
        if (!pages_form_failed(&bad, ERR_NONE, err))
            return -1;
        a.found = false;
    }
    jb_object(&o, req->arena);
    jb_str(&o, "answer", a.found ? a.answer : NULL);
    jb_str(&o, "token", a.found ? a.token : NULL);
    return response_json(res, 200, jb_finish(&o)) ? err_unavailable(err, "out of memory") : 0;
}

int page_support_deflected(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec fields[] = {
        {"token", FT_STRING, FS_REQUIRED | FS_BYTES, 1, DEFLECT_TOKEN_MAX - 1, 0, 0, NULL},
    };
    struct web_form f;
    struct field_value v[1];
    bool counted;
    if (pages_form_fields(req, &f, fields, 1, v, err) ||
        ticket_deflect_count(v[0].s, &counted, err))
        return -1;
    return pages_redirect(req, res, err, "/support/?done=deflected");
}
