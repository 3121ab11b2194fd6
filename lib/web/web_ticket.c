/* web_ticket: display fields layered on view_ticket, so pages and API share one
 * visibility rule. */
#include "web/web_ticket.h"

#include <ctype.h>
#include <json.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/utc_time.h"
#include "core/utf8.h"
#include "ticket/sla.h"
#include "ticket/ticket_ops.h"
#include "view/view_ticket.h"
#include "json/jbuild.h"

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
    case TS_PENDING:
        return "Pending";
    case TS_COUNT:
        break;
    }
    return "Open";
}

/* key: s in lower case (a CSS class; names are short). */
static void put_lower(struct jbuild *jb, const char *key, const char *s)
{
    char tmp[32];
    size_t i = 0;
    for (; s && s[i] && i < sizeof tmp - 1; i++)
        tmp[i] = (char)tolower((unsigned char)s[i]);
    tmp[i] = '\0';
    jb_str(jb, key, tmp);
}

static void put_time(struct jbuild *jb, const char *key, const char *rfc3339)
{
    char buf[40];
    web_time_display(rfc3339, buf, sizeof buf);
    jb_str(jb, key, buf);
}

/* Seconds since the epoch of a checked UTC time (days from the civil calendar). */
static long long epoch_of(const struct utc_time *t)
{
    long long y = t->year - (t->month <= 2);
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (t->month + (t->month > 2 ? -3 : 9)) + 2) / 5 + t->day - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + doe - 719468;
    return days * 86400 + t->hour * 3600 + t->minute * 60 + t->second;
}

/* A span of s seconds in the largest whole unit ("40 min", "3 h", "2 d"). */
static void span(long long s, char *buf, size_t len)
{
    if (s < 60)
        snprintf(buf, len, "under a minute");
    else if (s < 3600)
        snprintf(buf, len, "%lld min", s / 60);
    else if (s < 86400)
        snprintf(buf, len, "%lld h", s / 3600);
    else
        snprintf(buf, len, "%lld d", s / 86400);
}

/* The SLA's next due time for staff: what is due (sla_due_label), when
 * (sla_due_display) and how far off ("in 3 h" / "overdue by 40 min": sla_due_in). */
static void put_due(struct jbuild *jb, const struct ticket *t)
{
    const char *due = sla_next_due(t);
    struct utc_time u;
    if (!due || !utc_time_parse(due, &u))
        return;
    long long left = epoch_of(&u) - (long long)time(NULL);
    char when[32], in[48];
    span(left < 0 ? -left : left, when, sizeof when);
    snprintf(in, sizeof in, left < 0 ? "overdue by %s" : "in %s", when);
    jb_str(jb, "sla_due_label", due == t->first_response_due_at ? "First response" : "Resolution");
    put_time(jb, "sla_due_display", due);
    jb_str(jb, "sla_due_in", in);
}

/* One SLA target for the ticket page: {due_display, state ("met", "missed", "paused",
 * "overdue by 2 h", "due in 40 min"), late (missed or overdue)}; nothing without a
 * due time. done: when the target was reached (NULL: not yet). */
static void put_target(struct jbuild *jb, const char *key, const char *due, const char *done,
                       bool paused)
{
    struct utc_time u, d;
    if (!due || !utc_time_parse(due, &u))
        return;
    long long at = epoch_of(&u);
    char state[48], when[32];
    bool late;
    if (done && utc_time_parse(done, &d)) {
        late = epoch_of(&d) > at;
        snprintf(state, sizeof state, "%s", late ? "missed" : "met");
    } else if (paused) {
        late = false;
        snprintf(state, sizeof state, "paused while waiting on the customer");
    } else {
        long long left = at - (long long)time(NULL);
        late = left < 0;
        span(late ? -left : left, when, sizeof when);
        snprintf(state, sizeof state, late ? "overdue by %s" : "due in %s", when);
    }
    struct jbuild o;
    jb_object(&o, jb->arena);
    put_time(&o, "due_display", due);
    jb_str(&o, "due_at", due);
    jb_str(&o, "state", state);
    jb_bool(&o, "late", late);
    jb_child(jb, key, jb_finish(&o));
}

/* key: how long ago rfc3339 was, in the largest whole unit ("40 min", "3 h", "2 d"). */
static void put_age(struct jbuild *jb, const char *key, const char *rfc3339)
{
    struct utc_time t;
    if (!rfc3339 || !utc_time_parse(rfc3339, &t))
        return;
    long long s = (long long)time(NULL) - epoch_of(&t);
    char buf[32];
    span(s, buf, sizeof buf);
    jb_str(jb, key, buf);
}

static void put_pct(struct jbuild *jb, const char *key, double v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.0f%%", v * 100.0);
    jb_str(jb, key, buf);
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
static int label_messages(struct arena *a, json_object *list, const struct ticket *t,
                          const struct principal *viewer, bool staff,
                          const struct ticket_message *m, int n, const struct web_people *people)
{
    for (int i = 0; i < n && i < (int)json_object_array_length(list); i++) {
        struct jbuild o;
        jb_extend(&o, a, json_object_array_get_idx(list, (size_t)i));
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
        jb_str(&o, "author_label", label);
        jb_bool(&o, "is_mine", m[i].author_id == viewer->id);
        jb_bool(&o, "is_staff_author", by_staff);
        put_time(&o, "created_display", m[i].created_at);
        if (!jb_finish(&o))
            return -1;
    }
    return 0;
}

struct json_object *web_ticket_json(struct arena *a, const struct ticket *t,
                                    const struct principal *viewer, const struct ticket_message *m,
                                    int n, const struct web_people *people)
{
    bool staff = ticket_ops_is_staff(viewer);
    struct jbuild o;
    jb_extend(&o, a, view_ticket(a, t, staff, m, n));
    if (o.failed)
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
    jb_str(&o, "status_label", web_status_label(t->status));
    put_lower(&o, "status_class", ticket_status_name(t->status));
    put_lower(&o, "priority_class", t->priority ? t->priority : "normal");
    put_time(&o, "created_display", t->created_at);
    put_age(&o, "age_display", t->created_at);
    put_time(&o, "updated_display", t->updated_at);
    jb_str(&o, "url", url);
    jb_bool(&o, "by_mail", t->channel && strcmp(t->channel, "mail") == 0);
    jb_bool(&o, "is_closed", t->status == TS_CLOSED);
    jb_bool(&o, "is_reopened", t->status == TS_REOPENED);
    jb_bool(&o, "is_pending", t->status == TS_PENDING);
    jb_bool(&o, "can_message", t->status != TS_CLOSED);
    jb_bool(&o, "ask_feedback",
            !staff && answered && t->response_sent && t->customer_id == viewer->id);
    if (t->resolved_at)
        put_time(&o, "resolved_display", t->resolved_at);
    jb_str(&o, "request_author",
           staff ? (t->customer_name ? t->customer_name : "Customer") : "You");
    if (auto_answer)
        jb_str(&o, "auto_answer", t->response);
    if (staff) {
        char tmp[48];
        jb_str(&o, "customer_name", t->customer_name ? t->customer_name : "");
        put_due(&o, t);
        jb_bool(&o, "has_sla", t->first_response_due_at || t->resolution_due_at);
        put_target(&o, "sla_first", t->first_response_due_at, t->first_response_at, false);
        put_target(&o, "sla_resolution", t->resolution_due_at, t->resolved_at,
                   t->status == TS_PENDING);
        if (t->assignee_id > 0)
            jb_str(&o, "assignee_name", staff_name(people, t->assignee_id, tmp, sizeof tmp));
        if (t->has_confidence)
            put_pct(&o, "confidence_pct", t->confidence);
        if (t->decision)
            put_lower(&o, "decision_class", t->decision);
        if (t->response_source)
            jb_str(&o, "response_source_label", source_label(t->response_source));
        if (t->has_similarity)
            put_pct(&o, "similarity_pct", t->similarity);
        if (t->response && *t->response) {
            /* At most EXCERPT_CHARS code points (4 bytes each at most), then an ellipsis. */
            char ex[EXCERPT_CHARS * 4 + 4];
            size_t len = strlen(t->response);
            size_t cut = utf8_prefix(t->response, len, EXCERPT_CHARS);
            memcpy(ex, t->response, cut);
            if (cut < len)
                memcpy(ex + cut, "\xE2\x80\xA6", 3); /* U+2026 */
            ex[cut + (cut < len ? 3 : 0)] = '\0';
            jb_str(&o, "response_excerpt", ex);
        }
    }
    json_object *list = NULL;
    if (!o.failed && m && json_object_object_get_ex(o.o, "messages", &list) &&
        label_messages(a, list, t, viewer, staff, m, n, people))
        return NULL;
    return jb_finish(&o);
}
