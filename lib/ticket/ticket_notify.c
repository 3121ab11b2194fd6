/* ticket_notify: notifications written with their change, and each user's own. */
#include "ticket/ticket_notify.h"

#include <string.h>

#include "outbox/outbox.h"

static bool staff(const struct principal *who)
{
    return who->role == ROLE_AGENT || who->role == ROLE_ADMIN;
}

int ticket_notify_new(long long ticket_id, struct app_err *err)
{
    return db_notify_new_ticket(ticket_id, err) ||
                   outbox_enqueue_staff(ticket_id, OUTBOX_NEW_TICKET, 0, err)
               ? -1
               : 0;
}

int ticket_notify_customer(long long customer_id, long long ticket_id, const char *kind,
                           struct app_err *err)
{
    return db_notify_user(customer_id, ticket_id, kind, err);
}

int ticket_notify_assignee(long long ticket_id, long long assignee_id, long long actor_id,
                           struct app_err *err)
{
    if (assignee_id <= 0 || assignee_id == actor_id)
        return 0;
    return db_notify_assignee(ticket_id, actor_id, err) ||
                   outbox_enqueue_staff(ticket_id, OUTBOX_TICKET_CHANGED, actor_id, err)
               ? -1
               : 0;
}

int ticket_notify_unread(const struct principal *who, long long *n, struct app_err *err)
{
    return db_notifications_unread(who->id, n, err);
}

int ticket_notify_list(struct arena *a, const struct principal *who, const struct page *p,
                       struct notification_row **out, int *n, const char **next,
                       struct app_err *err)
{
    if (db_notifications_list(a, who->id, p->after, p->limit + 1, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int ticket_notify_read(const struct principal *who, long long id, long long up_to,
                       long long *marked, struct app_err *err)
{
    unsigned long long m = 0;
    *marked = 0;
    if (db_notifications_read(who->id, id, up_to, &m, err))
        return -1;
    *marked = (long long)m;
    return 0;
}

int ticket_notify_open(struct arena *a, const struct principal *who, long long id,
                       struct notification_row *out, struct app_err *err)
{
    bool found = false;
    unsigned long long m;
    if (id <= 0 || db_notifications_get(a, who->id, id, out, &found, err))
        return id <= 0 ? err_set(err, ERR_NOT_FOUND, "no such notification") : -1;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such notification");
    return out->read_at ? 0 : db_notifications_read(who->id, id, 0, &m, err);
}

const char *ticket_notify_url(struct arena *a, const struct principal *who,
                              const struct notification_row *r)
{
    return arena_printf(a, "/%s/tickets/%lld", staff(who) ? "agent" : "support", r->ticket_id);
}

const char *ticket_notify_text(const char *kind)
{
    static const struct {
        const char *kind, *text;
    } texts[] = {
        {"reply", "We replied to your request"},
        {"resolved", "Your request was resolved"},
        {"closed", "Your request was closed"},
        {"new_ticket", "A new ticket is waiting in the queue"},
        {"ticket_changed", "A ticket assigned to you changed"},
    };
    for (size_t i = 0; kind && i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(texts[i].kind, kind) == 0)
            return texts[i].text;
    return "A ticket changed";
}

int ticket_notify_prefs(const struct principal *who, struct notification_prefs *p,
                        struct app_err *err)
{
    if (!staff(who)) {
        *p = (struct notification_prefs){false, false, false};
        return 0;
    }
    return db_notification_prefs_get(who->id, p, err);
}

int ticket_notify_set_prefs(const struct principal *who, const struct notification_prefs *p,
                            struct app_err *err)
{
    if (!staff(who))
        return err_set(err, ERR_FORBIDDEN,
                       "customers are always told of replies to their requests; only staff "
                       "choose their notifications");
    return db_notification_prefs_put(who->id, p, err);
}
