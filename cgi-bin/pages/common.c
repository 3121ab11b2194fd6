/* common: what several pages share — ids, redirects, notices, staff, <select> options. */
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "pages.h"

const char *const pages_priorities[] = {"low", "normal", "high", "urgent", NULL};
const char *const pages_priority_labels[] = {"Low", "Normal", "High", "Urgent", NULL};

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

const char *pages_notice(const struct request *req)
{
    static const struct {
        const char *key, *text;
    } notices[] = {
        {"created", "Thanks, we have your request."},
        {"sent", "Your message was sent."},
        {"thanks", "Glad we could help! We've closed this ticket."},
        {"reopened", "Sorry that didn't help. We've reopened your ticket and an agent will "
                     "follow up."},
        {"replied", "Reply sent to the customer."},
        {"resolved", "Reply sent and the ticket is resolved."},
        {"updated", "Ticket updated."},
        {"welcome", "Welcome! Your account is ready."},
    };
    const char *k = request_query(req, "done");
    for (size_t i = 0; k && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(k, notices[i].key) == 0)
            return notices[i].text;
    return NULL;
}

int pages_staff(struct request *req, struct web_people *out, struct app_err *err)
{
    enum { MAX_EACH = 100 };
    struct user *agents = NULL, *admins = NULL;
    int na = 0, nd = 0;
    if (db_users_list(req->arena, ROLE_AGENT, 0, MAX_EACH, &agents, &na, err) ||
        db_users_list(req->arena, ROLE_ADMIN, 0, MAX_EACH, &admins, &nd, err))
        return -1;
    struct user *all = arena_calloc(req->arena, (size_t)(na + nd + 1), sizeof *all);
    if (!all)
        return err_unavailable(err, "out of memory");
    int n = 0;
    for (int i = 0; i < na; i++)
        if (!agents[i].disabled)
            all[n++] = agents[i];
    for (int i = 0; i < nd; i++)
        if (!admins[i].disabled)
            all[n++] = admins[i];
    out->staff = all;
    out->nstaff = n;
    return 0;
}

int pages_put(struct json_object *o, const char *key, struct json_object *value)
{
    if (!value || json_object_object_add(o, key, value)) {
        json_object_put(value);
        return -1;
    }
    return 0;
}

struct json_object *pages_str(const char *s)
{
    return json_object_new_string(s ? s : "");
}

struct json_object *pages_options(const char *const *values, const char *const *labels,
                                  const char *current)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; arr && values[i]; i++) {
        json_object *o = json_object_new_object();
        if (!o || pages_put(o, "value", json_object_new_string(values[i])) ||
            pages_put(o, "label", json_object_new_string(labels[i])) ||
            pages_put(o, "selected",
                      json_object_new_boolean(current && strcmp(current, values[i]) == 0)) ||
            json_object_array_add(arr, o)) {
            json_object_put(o);
            json_object_put(arr);
            return NULL;
        }
    }
    return arr;
}

bool pages_form_error(const struct app_err *err)
{
    return err->code == ERR_VALIDATION || err->code == ERR_CONFLICT;
}
