/* common: what several pages share — page data and rendering, form reading, ids,
 * redirects, sign-in, notices, staff, ticket lists, <select> options. */
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/token.h"
#include "core/num.h"
#include "intent/intent_list.h"
#include "pages.h"
#include "user/user_list.h"
#include "web/web_render.h"
#include "web/web_session.h"

const char *const pages_priority_labels[] = {"Low", "Normal", "High", "Urgent", NULL};

int pages_show(struct request *req, struct response *res, int status, const char *tpl,
               const char *title, const char *nav, struct jbuild *d, const struct app_err *errors,
               struct app_err *err)
{
    const char *notice = pages_notice(req);
    struct jbuild none;
    jb_object(&none, req->arena);
    jb_child(d, "errors", errors ? web_form_errors(req->arena, errors) : jb_finish(&none));
    if (!d->failed && errors && errors->code != ERR_VALIDATION &&
        !json_object_object_get_ex(d->o, "error", NULL))
        jb_str(d, "error", errors->detail);
    if (notice)
        jb_str(d, "notice", notice);
    json_object *o = jb_finish(d);
    if (!o)
        return err_unavailable(err, "out of memory building %s", tpl);
    return web_render(req, res, status, tpl, title, nav, o, err);
}

int pages_show_admin(struct request *req, struct response *res, int status, const char *tpl,
                     const char *title, const char *tab, struct jbuild *d,
                     const struct app_err *errors, struct app_err *err)
{
    struct jbuild tabs;
    jb_object(&tabs, req->arena);
    jb_bool(&tabs, tab, true);
    jb_child(d, "admin_tab", jb_finish(&tabs));
    return pages_show(req, res, status, tpl, title, "admin", d, errors, err);
}

int pages_form_fields(struct request *req, struct web_form *f, const struct field_spec *spec,
                      size_t n, struct field_value *v, struct app_err *bad)
{
    enum { MAX_NAMES = 16 };
    const char *names[MAX_NAMES + 1];
    err_clear(bad);
    if (n > MAX_NAMES)
        return err_internal(bad, "form with %zu fields", n);
    for (size_t i = 0; i < n; i++)
        names[i] = spec[i].name;
    names[n] = NULL;
    if (web_form_parse(req, f, bad))
        return -1;
    /* The values point into `in`, which the arena keeps until the request ends. */
    json_object *in = web_form_json(req->arena, f, names);
    if (!in)
        return err_unavailable(bad, "out of memory");
    return validate_json(in, spec, n, v, bad);
}

bool pages_form_failed(const struct app_err *bad, enum err_code also, struct app_err *err)
{
    /* A stale page (412: the ticket changed under it) is shown again, fresh, with
     * what was typed kept; so is a form whose files were too many or too large
     * (413, naming the field). */
    if (bad->code == ERR_VALIDATION || bad->code == ERR_CONFLICT || bad->code == ERR_PRECONDITION ||
        (bad->code == ERR_TOO_LARGE && bad->nfields > 0) || (also != ERR_NONE && bad->code == also))
        return true;
    *err = *bad;
    return false;
}

long long pages_path_id(const struct request *req)
{
    long long id;
    return num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id) ? 0 : id;
}

int pages_redirect(struct request *req, struct response *res, struct app_err *err, const char *fmt,
                   ...)
{
    char path[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof path)
        return err_internal(err, "redirect path too long");
    const char *p = arena_strdup(req->arena, path);
    if (!p)
        return err_unavailable(err, "out of memory");
    return response_redirect(res, p) ? err_internal(err, "bad redirect %s", path) : 0;
}

int pages_session_start(struct request *req, struct response *res, const struct user *u,
                        struct app_err *err)
{
    char jti[TOKEN_JTI_LEN + 1];
    char *token = auth_issue_token(u, jti);
    if (!token)
        return err_internal(err, "token issue failed");
    int rc = web_session_set(req, res, token);
    free(token);
    /* The request now speaks for the new session: its forms carry that session's token. */
    if (rc || !(req->user.jti = arena_strdup(req->arena, jti)))
        return err_unavailable(err, "out of memory");
    req->user.id = u->id;
    req->user.role = u->role;
    req->user.email = u->email;
    req->user.name = u->name;
    return 0;
}

int pages_sign_in(struct request *req, struct response *res, const struct user *u, const char *to,
                  struct app_err *err)
{
    return pages_session_start(req, res, u, err) ? -1 : pages_redirect(req, res, err, "%s", to);
}

const struct field_spec pages_stars_fields[PAGES_STARS_NFIELDS] = {
    [PAGES_STARS_RATING] = {"rating", FT_STRING, FS_REQUIRED, 1, 1, 0, 0,
                            (const char *const[]){"1", "2", "3", "4", "5", NULL}},
    [PAGES_STARS_COMMENT] = {"comment", FT_STRING, FS_TRIM, 0, 2000, 0, 0, NULL},
};

void pages_stars(struct arena *a, struct jbuild *d, const char *action)
{
    static const char *const labels[] = {"1 star, poor", "2 stars, fair", "3 stars, good",
                                         "4 stars, very good", "5 stars, excellent"};
    static const char *const glyphs[] = {"★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"};
    struct jbuild s, opts;
    jb_object(&s, a);
    jb_str(&s, "action", action);
    jb_array(&opts, a);
    for (int i = 0; i < 5; i++) {
        struct jbuild o;
        jb_object(&o, a);
        jb_int(&o, "n", i + 1);
        jb_str(&o, "label", labels[i]);
        jb_str(&o, "glyphs", glyphs[i]);
        jb_push_child(&opts, jb_finish(&o));
    }
    jb_child(&s, "options", jb_finish(&opts));
    jb_child(d, "stars", jb_finish(&s));
}

const char *pages_notice(const struct request *req)
{
    static const struct {
        const char *key, *text;
    } notices[] = {
        {"created", "Thanks, we have your request."},
        {"deflected", "Glad that answered it! No ticket was filed."},
        {"notifications_read", "Every notification is marked as read."},
        {"notify_saved", "Your notification settings are saved."},
        {"sent", "Your message was sent."},
        {"thanks", "Glad we could help! We've closed this ticket."},
        {"reopened", "Sorry that didn't help. We've reopened your ticket and an agent will "
                     "follow up."},
        {"replied", "Reply sent to the customer. The ticket waits for their answer (Pending)."},
        {"noted", "Internal note added. The customer does not see it."},
        {"resolved", "Reply sent and the ticket is resolved."},
        {"updated", "Ticket updated."},
        {"bulk", "The selected tickets were updated (any that changed meanwhile were left)."},
        {"welcome", "Welcome! Your account is ready."},
        {"password_reset", "Your new password is set, and every earlier sign-in has ended. "
                           "Sign in with the new password."},
        {"rated", "Thank you for your rating!"},
        {"user_updated", "User updated."},
        {"intent_created", "Intent created. Retrain the model to teach it the examples."},
        {"intent_saved", "Intent saved. Retrain the model when the examples changed."},
        {"intent_reenabled", "Automatic answers for this intent are back on; its precision is "
                             "measured afresh."},
        {"intent_deleted", "Intent deleted."},
        {"settings_saved", "Settings saved. New tickets use them from now on."},
        {"macro_created", "Macro created. Agents can pick it on any ticket now."},
        {"macro_saved", "Macro saved."},
        {"macro_deleted", "Macro deleted."},
        {"sla_saved", "Service levels saved. Tickets filed or reprioritised from now on use "
                      "them."},
        {"requeued", "The mail is queued again; the sender takes it on its next round."},
        {"retrained", "The model was retrained; every worker switches to it on its next "
                      "request."},
    };
    const char *k = request_query(req, "done");
    for (size_t i = 0; k && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(k, notices[i].key) == 0)
            return notices[i].text;
    return NULL;
}

int pages_staff(struct request *req, struct web_people *out, struct app_err *err)
{
    struct user *staff = NULL;
    int n = 0;
    if (user_staff(req->arena, &staff, &n, err))
        return -1;
    out->staff = staff;
    out->nstaff = n;
    return 0;
}

struct ticket_rows {
    const struct request *req;
    const struct ticket *t;
    const struct web_people *people;
};

static struct json_object *ticket_row(struct arena *a, int i, const void *ctx)
{
    const struct ticket_rows *r = ctx;
    return web_ticket_json(a, &r->t[i], &r->req->user, NULL, 0, r->people);
}

struct json_object *pages_ticket_list(const struct request *req, const struct ticket *t, int n,
                                      const struct web_people *people)
{
    struct ticket_rows rows = {req, t, people};
    return jb_rows(req->arena, n, ticket_row, &rows);
}

void pages_form_str(struct jbuild *d, const struct web_form *form, const char *key)
{
    const char *v = form ? web_form_get(form, key) : NULL;
    jb_str(d, key, v ? v : "");
}

void pages_pct(struct jbuild *d, const char *key, double v)
{
    char buf[16];
    if (v < 0)
        jb_str(d, key, "\xE2\x80\x94"); /* U+2014: not measured */
    else {
        snprintf(buf, sizeof buf, "%.0f%%", v * 100.0);
        jb_str(d, key, buf);
    }
}

struct json_object *pages_options(struct arena *a, const char *const *values,
                                  const char *const *labels, const char *current)
{
    struct jbuild arr;
    jb_array(&arr, a);
    for (size_t i = 0; !arr.failed && values[i]; i++) {
        struct jbuild o;
        jb_object(&o, a);
        jb_str(&o, "value", values[i]);
        jb_str(&o, "label", labels[i]);
        jb_bool(&o, "selected", current && strcmp(current, values[i]) == 0);
        jb_push_child(&arr, jb_finish(&o));
    }
    return jb_finish(&arr);
}

static json_object *paused_row(struct arena *a, int i, const void *rows)
{
    const struct intent *in = (const struct intent *)rows + i;
    struct jbuild o;
    jb_object(&o, a);
    jb_str(&o, "name", in->name);
    jb_str(&o, "reason", in->paused_reason ? in->paused_reason : "");
    /* Intent names are identifiers (letters, digits, _): a path as they are. */
    jb_str(&o, "url", arena_printf(a, "/admin/intents/%s", in->name));
    return jb_finish(&o);
}

int pages_paused_intents(struct request *req, struct jbuild *d, struct app_err *err)
{
    struct intent *in = NULL;
    int n = 0;
    if (intent_list_paused(req->arena, &in, &n, err))
        return -1;
    jb_bool(d, "has_paused", n > 0);
    jb_int(d, "npaused", n);
    jb_bool(d, "one_paused", n == 1);
    jb_child(d, "paused", jb_rows(req->arena, n, paused_row, in));
    return 0;
}
