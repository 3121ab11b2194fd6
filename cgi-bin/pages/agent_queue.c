/* agent_queue: GET /agent/ — OPEN and REOPENED tickets, oldest first, with the
 * pipeline's intent, confidence and suggested reply. */
#include <json.h>

#include "pages.h"
#include "web/web_render.h"

#define QUEUE_MAX 100

int page_agent_queue(struct request *req, struct response *res, struct app_err *err)
{
    struct ticket *t = NULL;
    int n = 0;
    struct web_people people;
    if (db_tickets_queue(req->arena, QUEUE_MAX, &t, &n, err) || pages_staff(req, &people, err))
        return -1;
    json_object *d = json_object_new_object(), *list = json_object_new_array();
    if (!d || !list) {
        json_object_put(d);
        json_object_put(list);
        return err_unavailable(err, "out of memory");
    }
    int rc = 0;
    for (int i = 0; !rc && i < n; i++) {
        json_object *o = web_ticket_json(&t[i], &req->user, NULL, 0, &people);
        rc = !o || json_object_array_add(list, o);
        if (rc)
            json_object_put(o);
    }
    rc |= pages_put(d, "tickets", list);
    rc |= pages_put(d, "count", json_object_new_int(n));
    rc |= pages_put(d, "has_tickets", json_object_new_boolean(n > 0));
    rc |= pages_put(d, "is_full", json_object_new_boolean(n >= QUEUE_MAX));
    if (rc) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    return web_render(req, res, 200, "agent_queue", "Queue", "queue", d, err);
}
