/* ticket_list: fetch one row more than the page holds; its presence means a next page. */
#include "ticket/ticket_list.h"

#include <string.h>

#include "ticket/ticket_ops.h"

int ticket_list(struct arena *a, const struct principal *who, const struct ticket_query *q,
                const struct page *p, struct ticket **out, int *n, const char **next,
                struct app_err *err)
{
    struct ticket_filter f = {
        .customer_id = ticket_ops_is_staff(who) ? 0 : who->id,
        .status = q->status,
        .intent = q->intent,
        .assignee_id = q->assignee_id,
        .q = q->q,
        .before = p->after,
        .limit = p->limit + 1,
    };
    if (db_tickets_list(a, &f, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

/* The index of s in the NULL-terminated names; -1 when it is not there. */
static int name_index(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *const ticket_queue_views[] = {"all", "mine", "unassigned", NULL};

int ticket_queue_view_parse(const char *s)
{
    return name_index(ticket_queue_views, s);
}

const char *const ticket_queue_orders[] = {"oldest", "priority", "due", NULL};

int ticket_queue_order_parse(const char *s)
{
    return name_index(ticket_queue_orders, s);
}

int ticket_queue(struct arena *a, const struct principal *who, enum queue_view view,
                 enum queue_order order, const struct page *p, struct ticket **out, int *n,
                 const char **next, long long *total, struct app_err *err)
{
    if (db_tickets_queue(a, view == QUEUE_MINE ? who->id : 0, view == QUEUE_UNASSIGNED, order,
                         p->after, p->limit + 1, out, n, total, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int ticket_message_get(struct arena *a, long long id, struct ticket_message *out,
                       struct app_err *err)
{
    return db_tickets_get_message(a, id, out, err);
}
