/* view_ticket: JSON for tickets and messages; the customer view is decided here only. */
#include "view/view_ticket.h"

#include <time.h>

#include "ticket/sla.h"
#include "json/jbuild.h"

struct json_object *view_message(struct arena *a, const struct ticket_message *m)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", m->id);
    jb_id(&jb, "author_id", m->author_id);
    jb_str(&jb, "author_role", m->author_role);
    jb_str(&jb, "body", m->body);
    jb_str(&jb, "created_at", m->created_at);
    jb_bool(&jb, "internal", m->internal);
    return jb_finish(&jb);
}

struct json_object *view_ticket(struct arena *a, const struct ticket *t, bool staff,
                                const struct ticket_message *messages, int nmessages)
{
    /* A customer sees the response only once it was sent to them. */
    bool show_response = staff || t->response_sent;
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", t->id);
    jb_str(&jb, "subject", t->subject);
    jb_str(&jb, "body", t->body);
    jb_str(&jb, "status", ticket_status_name(t->status));
    jb_str(&jb, "priority", t->priority);
    jb_str(&jb, "channel", t->channel ? t->channel : "web");
    jb_int(&jb, "customer_id", t->customer_id);
    jb_id(&jb, "assignee_id", t->assignee_id);
    jb_str(&jb, "intent", t->intent);
    if (t->has_confidence)
        jb_dbl(&jb, "confidence", t->confidence);
    else
        jb_null(&jb, "confidence");
    jb_str(&jb, "decision", t->decision);
    /* The reason names similar tickets and thresholds: agents' business. */
    jb_str(&jb, "decision_reason", staff && t->decision_reason ? t->decision_reason : "");
    jb_id(&jb, "similar_ticket_id", staff ? t->similar_ticket_id : 0);
    if (staff && t->has_similarity)
        jb_dbl(&jb, "similarity", t->similarity);
    else
        jb_null(&jb, "similarity");
    jb_str(&jb, "response", show_response ? t->response : NULL);
    jb_str(&jb, "response_source", show_response ? t->response_source : NULL);
    jb_str(&jb, "created_at", t->created_at);
    jb_str(&jb, "updated_at", t->updated_at);
    jb_str(&jb, "resolved_at", t->resolved_at);
    jb_int(&jb, "version", t->version);
    /* The SLA is the desk's own business: null and false for customers. */
    jb_str(&jb, "first_response_at", staff ? t->first_response_at : NULL);
    jb_str(&jb, "first_response_due_at", staff ? t->first_response_due_at : NULL);
    jb_str(&jb, "resolution_due_at", staff ? t->resolution_due_at : NULL);
    jb_bool(&jb, "sla_paused", staff && t->status == TS_PENDING && t->resolution_due_at);
    jb_bool(&jb, "sla_overdue", staff && sla_overdue(t, time(NULL)));
    if (messages) {
        struct jbuild list;
        jb_array(&list, a);
        for (int i = 0; i < nmessages; i++)
            jb_push_child(&list, view_message(a, &messages[i]));
        jb_child(&jb, "messages", jb_finish(&list));
    }
    return jb_finish(&jb);
}

struct json_object *view_attachment(struct arena *a, const struct attachment *at)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_str(&jb, "id", at->public_id);
    jb_str(&jb, "name", at->name);
    jb_str(&jb, "content_type", at->content_type);
    jb_int(&jb, "size", at->size);
    jb_bool(&jb, "image", at->width > 0);
    if (at->width > 0) {
        jb_int(&jb, "width", at->width);
        jb_int(&jb, "height", at->height);
    } else {
        jb_null(&jb, "width");
        jb_null(&jb, "height");
    }
    jb_id(&jb, "message_id", at->message_id);
    jb_str(&jb, "created_at", at->created_at);
    jb_text(&jb, "url",
            arena_printf(a, "/api/tickets/%lld/attachments/%s", at->ticket_id, at->public_id));
    return jb_finish(&jb);
}

struct json_object *view_attachments(struct arena *a, const struct attachment *at, int n)
{
    struct jbuild list;
    jb_array(&list, a);
    for (int i = 0; i < n; i++)
        jb_push_child(&list, view_attachment(a, &at[i]));
    return jb_finish(&list);
}
