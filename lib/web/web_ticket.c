/* web_ticket: display fields layered on view_ticket, so pages and API share one
 * visibility rule. */
#include "web/web_ticket.h"

#include <ctype.h>
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "ticket/ticket_ops.h"
#include "view/view_ticket.h"

#define EXCERPT_CHARS 160

void web_time_display(const char *s, char *out, size_t outlen)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, mo, d, h, mi, sec;
    char z = 0;
    if (outlen == 0)
        return;
    out[0] = '\0';
    if (!s)
        return;
    if (strlen(s) == 20 &&
        sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) == 7 && z == 'Z' &&
        mo >= 1 && mo <= 12) {
        snprintf(out, outlen, "%d %s %d, %02d:%02d UTC", d, months[mo - 1], y, h, mi);
        return;
    }
    snprintf(out, outlen, "%s", s);
}

const char *web_status_label(enum ticket_status s)
{
    switch (s) {
    case TS_OPEN:
        return "Open";
    case TS_AUTO_RESOLVED:
        return "Answered";
    case TS_RESOLVED:
        return "Resolved";
    case TS_REOPENED:
        return "Reopened";
    case TS_CLOSED:
        return "Closed";
    case TS_COUNT:
        break;
    }
    return "Open";
}

/* json_object_object_add that owns v either way; -1 when v is NULL (no memory). */
static int put(json_object *o, const char *key, json_object *v)
{
    if (!v || json_object_object_add(o, key, v)) {
        json_object_put(v);
        return -1;
    }
    return 0;
}

static json_object *str_lower(const char *s)
{
    char tmp[32];
    size_t i = 0;
    for (; s && s[i] && i < sizeof tmp - 1; i++)
        tmp[i] = (char)tolower((unsigned char)s[i]);
    tmp[i] = '\0';
    return json_object_new_string(tmp);
}

static json_object *time_json(const char *rfc3339)
{
    char buf[40];
    web_time_display(rfc3339, buf, sizeof buf);
    return json_object_new_string(buf);
}

static json_object *pct(double v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.0f%%", v * 100.0);
    return json_object_new_string(buf);
}

static const char *staff_name(const struct web_people *p, long long id, char *buf, size_t len)
{
    for (int i = 0; p && i < p->nstaff; i++)
        if (p->staff[i].id == id)
            return p->staff[i].name;
    snprintf(buf, len, "Agent #%lld", id);
    return buf;
}

/* What the prefilled reply is, in words. */
static const char *source_label(const char *src)
{
    if (strcmp(src, "similar_ticket") == 0)
        return "the answer to a similar resolved ticket";
    if (strcmp(src, "intent_template") == 0)
        return "the template for this intent";
    if (strcmp(src, "fallback_template") == 0)
        return "the generic template";
    if (strcmp(src, "agent") == 0)
        return "the last agent reply";
    return src;
}

static bool is_staff_role(const char *r)
{
    return r && (strcmp(r, "agent") == 0 || strcmp(r, "admin") == 0);
}

/* Labels on the messages view_ticket produced (same order as m[]). */
static int label_messages(json_object *list, const struct ticket *t, const struct principal *viewer,
                          bool staff, const struct ticket_message *m, int n,
                          const struct web_people *people)
{
    for (int i = 0; i < n && i < (int)json_object_array_length(list); i++) {
        json_object *o = json_object_array_get_idx(list, (size_t)i);
        char tmp[48];
        const char *label;
        bool by_staff = is_staff_role(m[i].author_role);
        if (m[i].author_id == 0 || (m[i].author_role && strcmp(m[i].author_role, "system") == 0))
            label = "Deskpilot";
        else if (m[i].author_id == viewer->id)
            label = "You";
        else if (by_staff)
            label = staff ? staff_name(people, m[i].author_id, tmp, sizeof tmp) : "Support team";
        else
            label = t->customer_name ? t->customer_name : "Customer";
        if (put(o, "author_label", json_object_new_string(label)) ||
            put(o, "is_mine", json_object_new_boolean(m[i].author_id == viewer->id)) ||
            put(o, "is_staff_author", json_object_new_boolean(by_staff)) ||
            put(o, "created_display", time_json(m[i].created_at)))
            return -1;
    }
    return 0;
}

struct json_object *web_ticket_json(const struct ticket *t, const struct principal *viewer,
                                    const struct ticket_message *m, int n,
                                    const struct web_people *people)
{
    bool staff = ticket_ops_is_staff(viewer);
    json_object *o = view_ticket(t, staff, m, n);
    if (!o)
        return NULL;
    bool answered = t->status == TS_AUTO_RESOLVED || t->status == TS_RESOLVED;
    /* An automatic answer is not a message; show it in the conversation unless the
     * pipeline also wrote it as a system message. */
    bool system_msg = false;
    for (int i = 0; i < n; i++)
        if (m[i].author_id == 0)
            system_msg = true;
    bool auto_answer = t->response_sent && t->response && !system_msg &&
                       (!t->response_source || strcmp(t->response_source, "agent") != 0);
    char url[64];
    snprintf(url, sizeof url, "%s/tickets/%lld", staff ? "/agent" : "/support", t->id);
    int rc = put(o, "status_label", json_object_new_string(web_status_label(t->status))) |
             put(o, "status_class", str_lower(ticket_status_name(t->status))) |
             put(o, "priority_class", str_lower(t->priority ? t->priority : "normal")) |
             put(o, "created_display", time_json(t->created_at)) |
             put(o, "updated_display", time_json(t->updated_at)) |
             put(o, "url", json_object_new_string(url)) |
             put(o, "is_closed", json_object_new_boolean(t->status == TS_CLOSED)) |
             put(o, "is_reopened", json_object_new_boolean(t->status == TS_REOPENED)) |
             put(o, "can_message", json_object_new_boolean(t->status != TS_CLOSED)) |
             put(o, "ask_feedback",
                 json_object_new_boolean(!staff && answered && t->response_sent &&
                                         t->customer_id == viewer->id));
    if (t->resolved_at)
        rc |= put(o, "resolved_display", time_json(t->resolved_at));
    rc |= put(
        o, "request_author",
        json_object_new_string(staff ? (t->customer_name ? t->customer_name : "Customer") : "You"));
    if (auto_answer)
        rc |= put(o, "auto_answer", json_object_new_string(t->response));
    if (staff) {
        char tmp[48];
        rc |= put(o, "customer_name",
                  json_object_new_string(t->customer_name ? t->customer_name : ""));
        if (t->assignee_id > 0)
            rc |= put(o, "assignee_name",
                      json_object_new_string(staff_name(people, t->assignee_id, tmp, sizeof tmp)));
        if (t->has_confidence)
            rc |= put(o, "confidence_pct", pct(t->confidence));
        if (t->decision)
            rc |= put(o, "decision_class", str_lower(t->decision));
        if (t->response_source)
            rc |= put(o, "response_source_label",
                      json_object_new_string(source_label(t->response_source)));
        if (t->has_similarity)
            rc |= put(o, "similarity_pct", pct(t->similarity));
        if (t->response && *t->response) {
            /* At most EXCERPT_CHARS code points (4 bytes each at most), then an ellipsis. */
            char ex[EXCERPT_CHARS * 4 + 4];
            size_t len = strlen(t->response);
            size_t cut = utf8_prefix(t->response, len, EXCERPT_CHARS);
            memcpy(ex, t->response, cut);
            if (cut < len)
                memcpy(ex + cut, "\xE2\x80\xA6", 3); /* U+2026 */
            ex[cut + (cut < len ? 3 : 0)] = '\0';
            rc |= put(o, "response_excerpt", json_object_new_string(ex));
        }
    }
    json_object *list = NULL;
    if (m && json_object_object_get_ex(o, "messages", &list))
        rc |= label_messages(list, t, viewer, staff, m, n, people);
    if (rc) {
        json_object_put(o);
        return NULL;
    }
    return o;
}
