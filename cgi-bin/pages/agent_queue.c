/* agent_queue: GET /agent/[?view=mine|unassigned&sort=priority|due&cursor=] — OPEN and
 * REOPENED tickets, oldest first (or most urgent, or due soonest with overdue first), QUEUE_MAX a
 * page, with the pipeline's intent, confidence and suggested reply, and how many wait in all. */
#include <json.h>
#include <string.h>

#include "core/num.h"
#include "pages.h"
#include "ticket/ticket_bulk.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "web/web_html.h"

#define QUEUE_MAX TICKET_BULK_MAX /* a page of the queue is what one bulk action takes */

/* "/agent/" with the view, the order and the page as query parameters (defaults left out). */
static const char *queue_url(struct arena *a, int view, enum queue_order order, const char *cursor)
{
    return web_url(a, "/agent/", "view", view == QUEUE_ALL ? NULL : ticket_queue_views[view],
                   "sort", order == QUEUE_OLDEST ? NULL : ticket_queue_orders[order], "cursor",
                   cursor, NULL);
}

int page_agent_queue(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const labels[] = {"All waiting", "Mine", "Unassigned"};
    const char *v = request_query(req, "view");
    const char *sort = request_query(req, "sort");
    int order = sort ? ticket_queue_order_parse(sort) : QUEUE_OLDEST;
    if (order < 0)
        order = QUEUE_OLDEST;
    int view = v ? ticket_queue_view_parse(v) : QUEUE_ALL;
    if (view < 0)
        view = QUEUE_ALL;
    struct page p;
    if (page_from_query(req->query, req->nquery, &p, err))
        return -1;
    p.limit = QUEUE_MAX;
    struct ticket *t = NULL;
    int n = 0;
    long long total = 0;
    const char *next = NULL;
    struct web_people people;
    if (ticket_queue(req->arena, &req->user, (enum queue_view)view, (enum queue_order)order, &p, &t,
                     &n, &next, &total, err) ||
        pages_staff(req, &people, err))
        return -1;
    struct jbuild d, tabs;
    jb_object(&d, req->arena);
    jb_array(&tabs, req->arena);
    for (int i = 0; ticket_queue_views[i]; i++) {
        struct jbuild o;
        jb_object(&o, req->arena);
        jb_str(&o, "label", labels[i]);
        jb_str(&o, "url", queue_url(req->arena, i, order, NULL));
        jb_bool(&o, "current", i == view);
        jb_push_child(&tabs, jb_finish(&o));
    }
    jb_child(&d, "views", jb_finish(&tabs));
    jb_str(&d, "oldest_url", queue_url(req->arena, view, QUEUE_OLDEST, NULL));
    jb_str(&d, "urgent_url", queue_url(req->arena, view, QUEUE_URGENT, NULL));
    jb_str(&d, "due_url", queue_url(req->arena, view, QUEUE_DUE, NULL));
    jb_bool(&d, "by_oldest", order == QUEUE_OLDEST);
    jb_bool(&d, "by_priority", order == QUEUE_URGENT);
    jb_bool(&d, "by_due", order == QUEUE_DUE);
    jb_child(&d, "tickets", pages_ticket_list(req, t, n, &people));
    jb_int(&d, "count", total);
    jb_int(&d, "shown", n);
    jb_bool(&d, "has_tickets", n > 0);
    jb_bool(&d, "is_full", total > n);
    jb_str(&d, "next_url", next ? queue_url(req->arena, view, order, next) : NULL);
    jb_str(&d, "first_url", p.after ? queue_url(req->arena, view, order, NULL) : NULL);
    return pages_show(req, res, 200, "agent_queue", "Queue", "queue", &d, NULL, err);
}

/* POST /agent/bulk — one action on the tickets ticked on the queue (at most QUEUE_MAX):
 * assign to me, a priority, or close. Each ticket is its own change (its own
 * transaction and version); one that cannot take it is left as it is. */
int page_agent_bulk(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    const char *action = web_form_get(&f, "action");
    struct ticket_patch p = {.status = -1};
    if (!action)
        return err_field(err, "action", "is required");
    if (strcmp(action, "assign_me") == 0) {
        p.set_assignee = true;
        p.assignee_id = req->user.id;
    } else if (strcmp(action, "close") == 0) {
        p.status = TS_CLOSED;
    } else if (strncmp(action, "priority_", 9) == 0) {
        for (int i = 0; ticket_priorities[i]; i++)
            if (strcmp(action + 9, ticket_priorities[i]) == 0)
                p.priority = ticket_priorities[i];
        if (!p.priority)
            return err_field(err, "action", "is not an action of the queue");
    } else {
        return err_field(err, "action", "is not an action of the queue");
    }
    /* Every number checked before any ticket changes. */
    long long ids[QUEUE_MAX];
    int picked = 0;
    for (size_t i = 0; i < f.n; i++) {
        if (strcmp(f.kv[i].key, "id") != 0)
            continue;
        if (picked == QUEUE_MAX || num_parse_ll(f.kv[i].val, 1, (1LL << 62), &ids[picked++]))
            return err_field(err, "id", "must be at most %d ticket numbers", QUEUE_MAX);
    }
    struct ticket_bulk_outcome outcome[QUEUE_MAX];
    if (ticket_ops_bulk(req->arena, &req->user, ids, picked, &p, outcome, err))
        return -1;
    return pages_redirect(req, res, err, "/agent/?done=bulk");
}
