/* admin_intents: GET /admin/intents — the catalogue with each intent's measured
 * precision and paused state, and the new-intent form — and POST /admin/intents
 * (intent_create, as POST /api/admin/intents). */
#include <json.h>
#include <stdio.h>

#include "intent/intent_change.h"
#include "intent/intent_guard.h"
#include "intent/intent_list.h"
#include "pages.h"
#include "settings/settings.h"
#include "view/view_intent.h"
#include "web/web_html.h"

static json_object *intent_row(struct arena *a, int i, const void *ctx)
{
    struct jbuild row, *d = &row;
    jb_object(d, a);
    const struct intent *in = &((const struct intent *)ctx)[i];
    char threshold[32] = "";
    if (in->has_threshold)
        snprintf(threshold, sizeof threshold, "%g", in->threshold);
    jb_str(d, "name", in->name ? in->name : "");
    jb_str(d, "description", in->description ? in->description : "");
    jb_int(d, "examples", in->nexamples);
    jb_bool(d, "auto_resolve", in->auto_resolve);
    jb_str(d, "threshold", threshold);
    jb_bool(d, "auto_paused", in->auto_paused);
    jb_str(d, "paused_reason", in->paused_reason ? in->paused_reason : "");
    pages_pct(d, "precision_pct", intent_measured_precision(in));
    jb_int(d, "rated", in->auto_helpful + in->auto_unhelpful);
    return jb_finish(d);
}

/* The list and the new-intent form; form is what was typed when it comes back
 * with errors (NULL = empty). */
static int render(struct request *req, struct response *res, int status,
                  const struct web_form *form, const struct app_err *errors, struct app_err *err)
{
    struct page p;
    struct intent *in = NULL;
    int n = 0;
    const char *next = NULL;
    struct settings set;
    if (page_from_query(req->query, req->nquery, &p, err) ||
        intent_list(req->arena, true, &p, &in, &n, &next, err) || settings_load(&set, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "intents", jb_rows(req->arena, n, intent_row, in));
    jb_bool(&d, "has_intents", n > 0);
    jb_dbl(&d, "global_threshold", set.confidence_threshold);
    jb_child(&d, "form", pages_intent_form(req->arena, NULL, form));
    if (next)
        jb_text(&d, "next_url", web_url(req->arena, "/admin/intents", "cursor", next, NULL));
    if (pages_paused_intents(req, &d, err))
        return -1;
    return pages_show_admin(req, res, status, "admin_intents", "Intents", "intents", &d, errors,
                            err);
}

int page_admin_intents(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

int page_intent_create(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    json_object *body = NULL;
    struct intent in;
    err_clear(&bad);
    int rc = web_form_parse(req, &f, &bad) ||
             pages_intent_body(req->arena, &f, true, &body, &bad) ||
             intent_create(req->arena, req->user.id, body, &in, &bad);
    const char *to =
        rc ? NULL : arena_printf(req->arena, "/admin/intents/%s?done=intent_created", in.name);
    if (rc)
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &f, &bad, err)
                   : -1;
    return to ? pages_redirect(req, res, err, "%s", to) : err_unavailable(err, "out of memory");
}
