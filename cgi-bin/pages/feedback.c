/* feedback: /feedback/{token} — the "Did this solve your problem?" links of an
 * automatic answer's mail. GET only shows the question (mail scanners fetch links
 * before the customer sees them: a GET never votes); the vote is the form's POST.
 * The signed token authorises it, for that ticket's customer and that answer, so
 * neither a session nor a CSRF token is asked for; the feedback rules of
 * ticket_ops make a second vote a 409. */
#include <string.h>

#include "pages.h"
#include "ticket/ticket_ops.h"

/* The page: the question (done NULL) or what the vote did, then (stars) the 1..5
 * star form of a "Yes". */
static int show(struct request *req, struct response *res, int status, const struct ticket *t,
                const char *helpful, const char *done, bool stars, const struct app_err *errors,
                struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    const char *action = arena_printf(req->arena, "/feedback/%s", request_param(req, 0));
    jb_text(&d, "action", action);
    if (stars && action)
        pages_stars(req->arena, &d, arena_printf(req->arena, "%s/rating", action));
    if (t) {
        jb_int(&d, "ticket_id", t->id);
        jb_str(&d, "subject", t->subject ? t->subject : "");
    }
    jb_bool(&d, "ask", t && !done && !errors && !stars);
    jb_bool(&d, "suggest_no", helpful && strcmp(helpful, "no") == 0);
    if (done)
        jb_str(&d, "done", done);
    return pages_show(req, res, status, "feedback", "Your feedback", "", &d, errors, err);
}

int page_feedback(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket t;
    struct app_err bad;
    err_clear(&bad);
    if (ticket_ops_feedback_link(req->arena, request_param(req, 0), false, false, &t, NULL, &bad))
        return pages_form_failed(&bad, ERR_NOT_FOUND, err)
                   ? show(req, res, err_status(bad.code), NULL, NULL, NULL, false, &bad, err)
                   : -1;
    return show(req, res, 200, &t, request_query(req, "helpful"), NULL, false, NULL, err);
}

int page_feedback_vote(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const yes_no[] = {"yes", "no", NULL};
    static const struct field_spec fields[] = {
        {"helpful", FT_STRING, FS_REQUIRED, 1, 3, 0, 0, yes_no},
    };
    struct web_form f;
    struct field_value v[1];
    struct ticket t = {0};
    struct app_err bad;
    long long fid = 0;
    bool helpful = false;
    if (pages_form_fields(req, &f, fields, 1, v, &bad) == 0) {
        helpful = strcmp(v[0].s, "yes") == 0;
        ticket_ops_feedback_link(req->arena, request_param(req, 0), true, helpful, &t, &fid, &bad);
    }
    if (err_is_set(&bad))
        return pages_form_failed(&bad, ERR_NOT_FOUND, err)
                   ? show(req, res, err_status(bad.code), t.id ? &t : NULL, NULL, NULL, false, &bad,
                          err)
                   : -1;
    return show(req, res, 200, &t, NULL,
                helpful ? "Thank you! Glad we could help: we have closed your request."
                        : "Thank you. We have reopened your request and an agent will follow up.",
                helpful, NULL, err);
}

int page_feedback_stars(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct field_value v[PAGES_STARS_NFIELDS];
    struct ticket t = {0};
    struct app_err bad;
    if (pages_form_fields(req, &f, pages_stars_fields, PAGES_STARS_NFIELDS, v, &bad) == 0) {
        const struct field_value *c = &v[PAGES_STARS_COMMENT];
        ticket_ops_stars_link(req->arena, request_param(req, 0), v[PAGES_STARS_RATING].s[0] - '0',
                              c->present && c->len ? c->s : NULL, &t, &bad);
    }
    if (err_is_set(&bad))
        return pages_form_failed(&bad, ERR_NOT_FOUND, err)
                   ? show(req, res, err_status(bad.code), t.id ? &t : NULL, NULL, NULL,
                          bad.code == ERR_VALIDATION, &bad, err)
                   : -1;
    return show(req, res, 200, &t, NULL, "Thank you for your rating!", false, NULL, err);
}
