/* view_ticket: JSON for tickets and messages; the customer view is decided here only. */
#include "view/view_ticket.h"

#include <json.h>

static json_object *str_or_null(const char *s) { return s ? json_object_new_string(s) : NULL; }

static json_object *id_or_null(long long id) { return id > 0 ? json_object_new_int64(id) : NULL; }

struct json_object *view_message(const struct ticket_message *m)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    json_object_object_add(o, "id", json_object_new_int64(m->id));
    json_object_object_add(o, "author_id", id_or_null(m->author_id));
    json_object_object_add(o, "author_role", str_or_null(m->author_role));
    json_object_object_add(o, "body", str_or_null(m->body));
    json_object_object_add(o, "created_at", str_or_null(m->created_at));
    return o;
}

struct json_object *view_ticket(const struct ticket *t, bool staff,
                                const struct ticket_message *messages, int nmessages)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    /* A customer sees the response only once it was sent to them. */
    bool show_response = staff || t->response_sent;
    json_object_object_add(o, "id", json_object_new_int64(t->id));
    json_object_object_add(o, "subject", str_or_null(t->subject));
    json_object_object_add(o, "body", str_or_null(t->body));
    json_object_object_add(o, "status", json_object_new_string(ticket_status_name(t->status)));
    json_object_object_add(o, "priority", str_or_null(t->priority));
    json_object_object_add(o, "customer_id", json_object_new_int64(t->customer_id));
    json_object_object_add(o, "assignee_id", id_or_null(t->assignee_id));
    json_object_object_add(o, "intent", str_or_null(t->intent));
    json_object_object_add(o, "confidence",
                           t->has_confidence ? json_object_new_double(t->confidence) : NULL);
    json_object_object_add(o, "decision", str_or_null(t->decision));
    /* The reason names similar tickets and thresholds: agents' business. */
    json_object_object_add(o, "decision_reason",
                           json_object_new_string(staff && t->decision_reason ? t->decision_reason : ""));
    json_object_object_add(o, "similar_ticket_id", staff ? id_or_null(t->similar_ticket_id) : NULL);
    json_object_object_add(o, "similarity", staff && t->has_similarity
                                                ? json_object_new_double(t->similarity)
                                                : NULL);
    json_object_object_add(o, "response", show_response ? str_or_null(t->response) : NULL);
    json_object_object_add(o, "response_source",
                           show_response ? str_or_null(t->response_source) : NULL);
    json_object_object_add(o, "created_at", str_or_null(t->created_at));
    json_object_object_add(o, "updated_at", str_or_null(t->updated_at));
    json_object_object_add(o, "resolved_at", str_or_null(t->resolved_at));
    if (messages) {
        json_object *list = json_object_new_array();
        for (int i = 0; list && i < nmessages; i++)
            json_object_array_add(list, view_message(&messages[i]));
        json_object_object_add(o, "messages", list);
    }
    return o;
}
