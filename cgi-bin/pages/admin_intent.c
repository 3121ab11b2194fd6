/* admin_intent: /admin/intents/{name} — one intent: edit its description, examples,
 * response template, auto-resolve and threshold; re-enable it when the feedback
 * loop paused it; delete it. Each change is the API's (intent_patch/_delete). */
#include <json.h>
#include <stdio.h>

#include "intent/intent_change.h"
#include "intent/intent_guard.h"
#include "pages.h"
#include "settings/settings.h"
#include "view/view_intent.h"

/* The edit page; form is what was typed when it comes back with errors. */
static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors, struct app_err *err)
{
    struct intent in;
    struct settings set;
    if (intent_load(req->arena, request_param(req, 0), &in, err) || settings_load(&set, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_str(&d, "name", in.name ? in.name : "");
    jb_bool(&d, "auto_paused", in.auto_paused);
    jb_str(&d, "paused_reason", in.paused_reason ? in.paused_reason : "");
    pages_pct(&d, "precision_pct", intent_measured_precision(&in));
    jb_int(&d, "rated", in.auto_helpful + in.auto_unhelpful);
    jb_int(&d, "helpful", in.auto_helpful);
    jb_dbl(&d, "global_threshold", set.confidence_threshold);
    pages_pct(&d, "target_precision", set.target_precision);
    jb_child(&d, "form", pages_intent_form(req->arena, &in, form));
    const char *title = arena_printf(req->arena, "Intent %s", in.name);
    return pages_show_admin(req, res, status, "admin_intent", title ? title : "Intent", "intents",
                            &d, errors, err);
}

int page_admin_intent(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

/* PATCH the intent with body (built from the form by the caller) and go back to it. */
static int patch(struct request *req, struct response *res, const struct web_form *f,
                 json_object *body, const char *done, struct app_err *bad, struct app_err *err)
{
    struct intent in;
    if (intent_patch(req->arena, req->user.id, request_param(req, 0), body, &in, bad))
        return pages_form_failed(bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad->code), f, bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/admin/intents/%s?done=%s", in.name, done);
}

int page_admin_intent_save(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    json_object *body = NULL;
    err_clear(&bad);
    if (web_form_parse(req, &f, &bad) || pages_intent_body(req->arena, &f, false, &body, &bad)) {
        *err = bad;
        return -1;
    }
    return patch(req, res, &f, body, "intent_saved", &bad, err);
}

int page_admin_intent_reenable(struct request *req, struct response *res, struct app_err *err)
{
    struct app_err bad;
    err_clear(&bad);
    struct jbuild body;
    jb_object(&body, req->arena);
    jb_bool(&body, "auto_paused", false);
    if (!jb_finish(&body))
        return err_unavailable(err, "out of memory");
    return patch(req, res, NULL, body.o, "intent_reenabled", &bad, err);
}

int page_intent_delete(struct request *req, struct response *res, struct app_err *err)
{
    if (intent_delete(req->arena, req->user.id, request_param(req, 0), err))
        return -1;
    return pages_redirect(req, res, err, "/admin/intents?done=intent_deleted");
}
