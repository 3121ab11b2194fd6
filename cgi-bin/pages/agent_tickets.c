/* agent_tickets: GET /agent/tickets — every ticket, newest first, with a status
 * filter and a text search. */
#include <json.h>

#include "http/page.h"
#include "pages.h"
#include "web/web_html.h"
#include "web/web_render.h"
#include "json/validate.h"

#define LIST_PAGE 25

static const char *const statuses[] = {"OPEN",     "AUTO_RESOLVED", "RESOLVED",
                                       "REOPENED", "CLOSED",        NULL};
static const char *const status_labels[] = {"Open",     "Answered", "Resolved",
                                            "Reopened", "Closed",   NULL};

int page_agent_tickets(struct request *req, struct response *res, struct app_err *err)
{
    enum { Q_STATUS, Q_Q, NQ };
    static const struct field_spec query[NQ] = {
        [Q_STATUS] = {"status", FT_STRING, 0, 1, 20, 0, 0, statuses},
        [Q_Q] = {"q", FT_STRING, FS_TRIM, 1, 200, 0, 0, NULL},
    };
    struct field_value q[NQ];
    struct page p;
    struct app_err bad;
    err_clear(&bad);
    int invalid = validate_query(req, query, NQ, q, &bad) || page_from_query(req, &p, &bad);
    struct ticket *t = NULL;
    int n = 0;
    const char *next = NULL;
    const char *status = q[Q_STATUS].present ? q[Q_STATUS].s : NULL;
    const char *text =
        q[Q_Q].present && q[Q_Q].len ? arena_strndup(req->arena, q[Q_Q].s, q[Q_Q].len) : NULL;
    struct web_people people;
    if (pages_staff(req, &people, err))
        return -1;
    if (!invalid) {
        struct ticket_filter f = {
            .status = status ? ticket_status_parse(status) : -1,
            .q = text,
            .before = p.after,
            .limit = LIST_PAGE + 1,
        };
        if (db_tickets_list(req->arena, &f, &t, &n, err))
            return -1;
        if (n > LIST_PAGE) {
            n = LIST_PAGE;
            if (!(next = page_cursor(req->arena, t[n - 1].id)))
                return err_unavailable(err, "out of memory");
        }
    }
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
    rc |= pages_put(d, "has_tickets", json_object_new_boolean(n > 0));
    rc |= pages_put(d, "q", pages_str(request_query(req, "q")));
    rc |= pages_put(d, "statuses", pages_options(statuses, status_labels, status));
    rc |= pages_put(d, "is_filtered", json_object_new_boolean(status || text));
    if (invalid)
        rc |= pages_put(d, "error", json_object_new_string(bad.detail));
    if (next) {
        /* The filters ride along with the cursor, each escaped for a URL. */
        const char *url = web_url(req->arena, "/agent/tickets", "status", status, "q", text,
                                  "cursor", next, NULL);
        rc |= !url || pages_put(d, "next_url", json_object_new_string(url));
    }
    if (rc) {
        json_object_put(d);
        return err_unavailable(err, "out of memory");
    }
    return web_render(req, res, invalid ? 422 : 200, "agent_tickets", "All tickets", "all", d, err);
}
