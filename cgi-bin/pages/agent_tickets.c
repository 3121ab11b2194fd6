/* agent_tickets: GET /agent/tickets — every ticket, newest first, with a status
 * filter and a search (best match first: ticket number, words in any inflection,
 * messages and notes, the customer's name or address). */
#include <json.h>

#include "http/page.h"
#include "pages.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "web/web_html.h"
#include "web/web_ticket.h"

int page_agent_tickets(struct request *req, struct response *res, struct app_err *err)
{
    enum { Q_STATUS, Q_Q, NQ };
    static const struct field_spec query[NQ] = {
        [Q_STATUS] = {"status", FT_STRING, 0, 1, 20, 0, 0, ticket_statuses},
        [Q_Q] = {"q", FT_STRING, FS_TRIM, 1, 200, 0, 0, NULL},
    };
    struct field_value q[NQ];
    struct page p;
    struct app_err bad;
    err_clear(&bad);
    int invalid = validate_query(req->query, req->nquery, query, NQ, q, &bad);
    struct ticket *t = NULL;
    int n = 0;
    const char *next = NULL;
    const char *status = !invalid && q[Q_STATUS].present ? q[Q_STATUS].s : NULL;
    const char *text = !invalid && q[Q_Q].present && q[Q_Q].len
                           ? arena_strndup(req->arena, q[Q_Q].s, q[Q_Q].len)
                           : NULL;
    struct ticket_query f = {.status = status ? ticket_status_parse(status) : -1, .q = text};
    invalid = invalid ||
              page_from_query_kind(req->query, req->nquery, ticket_list_page_kind(&f), &p, &bad);
    struct web_people people;
    if (pages_staff(req, &people, err))
        return -1;
    if (!invalid) {
        p.limit = LIST_PAGE;
        if (ticket_list(req->arena, &req->user, &f, &p, &t, &n, &next, err))
            return -1;
    }
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "tickets", pages_ticket_list(req, t, n, &people));
    jb_bool(&d, "has_tickets", n > 0);
    const char *typed = request_query(req, "q");
    jb_str(&d, "q", typed ? typed : "");
    const char *labels[TS_COUNT + 1] = {NULL};
    for (int i = 0; i < TS_COUNT; i++)
        labels[i] = web_status_label((enum ticket_status)i);
    jb_child(&d, "statuses", pages_options(req->arena, ticket_statuses, labels, status));
    jb_bool(&d, "is_filtered", status || text);
    jb_bool(&d, "is_search", text != NULL);
    /* The filters ride along with the cursor, each escaped for a URL. */
    if (next)
        jb_text(&d, "next_url",
                web_url(req->arena, "/agent/tickets", "status", status, "q", text, "cursor", next,
                        NULL));
    return pages_show(req, res, invalid ? 422 : 200, "agent_tickets", "All tickets", "all", &d,
                      invalid ? &bad : NULL, err);
}
