/* admin_sla: GET /admin/sla — the opening hours, their time zone and the first-response
 * and resolution targets per priority; POST /admin/sla saves them (sla_update, as PUT
 * /api/admin/sla). */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "pages.h"
#include "ticket/sla.h"
#include "ticket/ticket_fields.h"

/* A target's text: the form's when it came back, else the stored minutes ("" = none). */
static const char *minutes_text(struct arena *a, const struct web_form *f, const char *name,
                                long long stored)
{
    const char *v = f ? web_form_get(f, name) : NULL;
    if (v)
        return v;
    return stored > 0 ? arena_printf(a, "%lld", stored) : "";
}

static json_object *problem(struct arena *a, const struct field_error *e)
{
    struct jbuild o;
    jb_object(&o, a);
    jb_str(&o, "field", e->field);
    jb_str(&o, "message", e->message);
    return jb_finish(&o);
}

static int render(struct request *req, struct response *res, int status, const struct web_form *f,
                  const struct app_err *errors, struct app_err *err)
{
    struct sla_config c;
    if (sla_load(req->arena, &c, err))
        return -1;
    struct jbuild d, rows, problems;
    jb_object(&d, req->arena);
    const char *zone = f ? web_form_get(f, "time_zone") : NULL;
    const char *hours = f ? web_form_get(f, "hours") : NULL;
    jb_str(&d, "time_zone", zone ? zone : c.time_zone);
    jb_str(&d, "hours", hours ? hours : c.hours);
    jb_bool(&d, "unusable", !c.usable);
    jb_array(&rows, req->arena);
    for (int i = 0; i < SLA_PRIORITIES; i++) {
        const char *p = ticket_priorities[i];
        struct jbuild o;
        jb_object(&o, req->arena);
        jb_str(&o, "priority", p);
        jb_str(&o, "label", pages_priority_labels[i]);
        jb_text(&o, "first",
                minutes_text(req->arena, f, arena_printf(req->arena, "first_%s", p),
                             c.first_response_minutes[i]));
        jb_text(&o, "resolution",
                minutes_text(req->arena, f, arena_printf(req->arena, "resolution_%s", p),
                             c.resolution_minutes[i]));
        jb_push_child(&rows, jb_finish(&o));
    }
    jb_child(&d, "policies", jb_finish(&rows));
    /* The API's field names ("policies.urgent.first_response_minutes") hold dots, which
     * a template reads as nesting: the problems are listed instead. */
    jb_array(&problems, req->arena);
    for (int i = 0; errors && i < errors->nfields; i++)
        jb_push_child(&problems, problem(req->arena, &errors->fields[i]));
    jb_child(&d, "problems", jb_finish(&problems));
    jb_bool(&d, "has_problems", errors && errors->nfields > 0);
    return pages_show_admin(req, res, status, "admin_sla", "Service levels", "sla", &d, errors,
                            err);
}

int page_admin_sla(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, NULL, err);
}

/* A target's form text as the API takes it: "" = null (no target), a whole number as
 * an integer, anything else as text so sla_update names the field like the API would. */
static void put_minutes(struct jbuild *o, const char *key, const char *text)
{
    long long v;
    if (!text)
        return;
    if (!*text)
        jb_null(o, key);
    else if (num_parse_ll(text, -(1LL << 53), 1LL << 53, &v) == 0)
        jb_int(o, key, v);
    else
        jb_str(o, key, text);
}

int page_admin_sla_save(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    struct app_err bad;
    struct sla_config c;
    err_clear(&bad);
    if (web_form_parse(req, &f, err))
        return -1;
    struct jbuild changes, policies;
    jb_object(&changes, req->arena);
    jb_object(&policies, req->arena);
    const char *zone = web_form_get(&f, "time_zone"), *hours = web_form_get(&f, "hours");
    if (zone)
        jb_str(&changes, "time_zone", zone);
    if (hours)
        jb_str(&changes, "hours", hours);
    for (int i = 0; i < SLA_PRIORITIES; i++) {
        const char *p = ticket_priorities[i];
        const char *first = web_form_get(&f, arena_printf(req->arena, "first_%s", p));
        const char *resolution = web_form_get(&f, arena_printf(req->arena, "resolution_%s", p));
        if (!first && !resolution)
            continue;
        struct jbuild o;
        jb_object(&o, req->arena);
        put_minutes(&o, "first_response_minutes", first);
        put_minutes(&o, "resolution_minutes", resolution);
        jb_child(&policies, p, jb_finish(&o));
    }
    jb_child(&changes, "policies", jb_finish(&policies));
    if (!jb_finish(&changes))
        return err_unavailable(err, "out of memory");
    if (sla_update(req->arena, changes.o, req->user.id, &c, &bad))
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &f, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/admin/sla?done=sla_saved");
}
