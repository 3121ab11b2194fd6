/* agent_queue: GET /agent/[?view=mine|unassigned] — OPEN and REOPENED tickets, oldest
 * first, with the pipeline's intent, confidence and suggested reply, and how many wait
 * in all (not only the QUEUE_MAX shown). */
#include <json.h>
#include <string.h>

#include "pages.h"
#include "ticket/ticket_list.h"

#define QUEUE_MAX 100

int page_agent_queue(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const views[] = {"all", "mine", "unassigned"};
    static const char *const labels[] = {"All waiting", "Mine", "Unassigned"};
    const char *v = request_query(req, "view");
    int view = 0;
    for (int i = 0; v && i < 3; i++)
        if (strcmp(v, views[i]) == 0)
            view = i;
    struct ticket *t = NULL;
    int n = 0;
    long long total = 0;
    struct web_people people;
    if (ticket_queue(req->arena, &req->user, (enum queue_view)view, QUEUE_MAX, &t, &n, &total,
                     err) ||
        pages_staff(req, &people, err))
        return -1;
    struct jbuild d, tabs;
    jb_object(&d, req->arena);
    jb_array(&tabs, req->arena);
    for (int i = 0; i < 3; i++) {
        struct jbuild o;
        jb_object(&o, req->arena);
        jb_str(&o, "label", labels[i]);
        jb_str(&o, "url", i ? arena_printf(req->arena, "/agent/?view=%s", views[i]) : "/agent/");
        jb_bool(&o, "current", i == view);
        jb_push_child(&tabs, jb_finish(&o));
    }
    jb_child(&d, "views", jb_finish(&tabs));
    jb_child(&d, "tickets", pages_ticket_list(req, t, n, &people));
    jb_int(&d, "count", total);
    jb_int(&d, "shown", n);
    jb_bool(&d, "has_tickets", n > 0);
    jb_bool(&d, "is_full", total > n);
    return pages_show(req, res, 200, "agent_queue", "Queue", "queue", &d, NULL, err);
}
