/* view_outbox: JSON for outbox rows. */
#include "view/view_outbox.h"

#include "json/jbuild.h"

struct json_object *view_outbox(struct arena *a, const struct outbox_row *r)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", r->id);
    jb_int(&jb, "ticket_id", r->ticket_id);
    jb_str(&jb, "kind", r->kind);
    jb_str(&jb, "status", r->status);
    jb_str(&jb, "to", r->to_email);
    jb_int(&jb, "attempts", r->attempts);
    jb_str(&jb, "next_attempt_at", r->next_attempt_at);
    jb_str(&jb, "last_error", r->last_error);
    jb_str(&jb, "message_id", r->message_id);
    jb_str(&jb, "created_at", r->created_at);
    jb_str(&jb, "sent_at", r->sent_at);
    return jb_finish(&jb);
}
