/* agent_queue: GET /agent/ — OPEN and REOPENED tickets, oldest first, with the
 * pipeline's intent, confidence and suggested reply. */
#include <json.h>

#include "pages.h"
#include "ticket/ticket_list.h"

#define QUEUE_MAX 100

int page_agent_queue(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket *t = NULL;
    int n = 0;
    struct web_people people;
    if (ticket_queue(req->arena, QUEUE_MAX, &t, &n, err) || pages_staff(req, &people, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "tickets", pages_ticket_list(req, t, n, &people));
    jb_int(&d, "count", n);
    jb_bool(&d, "has_tickets", n > 0);
    jb_bool(&d, "is_full", n >= QUEUE_MAX);
    return pages_show(req, res, 200, "agent_queue", "Queue", "queue", &d, NULL, err);
}
