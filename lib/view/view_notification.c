/* view_notification: JSON for notifications. */
#include "view/view_notification.h"

#include "ticket/ticket_notify.h"
#include "json/jbuild.h"

struct json_object *view_notification(struct arena *a, const struct principal *who,
                                      const struct notification_row *r)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_int(&jb, "id", r->id);
    jb_int(&jb, "ticket_id", r->ticket_id);
    jb_str(&jb, "kind", r->kind);
    jb_str(&jb, "text", ticket_notify_text(r->kind));
    jb_str(&jb, "subject", r->subject);
    jb_str(&jb, "url", ticket_notify_url(a, who, r));
    jb_str(&jb, "created_at", r->created_at);
    jb_str(&jb, "read_at", r->read_at);
    return jb_finish(&jb);
}

struct json_object *view_notification_prefs(struct arena *a, const struct notification_prefs *p)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_bool(&jb, "new_tickets", p->new_tickets);
    jb_bool(&jb, "assigned", p->assigned);
    jb_bool(&jb, "by_mail", p->by_mail);
    return jb_finish(&jb);
}
