/* admin_outbox: GET /admin/outbox — the mails to customers (queued, sent, failed),
 * newest first, paged like GET /api/admin/outbox; POST /admin/outbox/{id}/retry —
 * the retry button of a failed one. */
#include <json.h>
#include <string.h>

#include "outbox/outbox.h"
#include "pages.h"
#include "web/web_html.h"

json_object *pages_mail_row(struct arena *a, int i, const void *rows)
{
    const struct outbox_row *r = (const struct outbox_row *)rows + i;
    struct jbuild row, *d = &row;
    jb_object(d, a);
    char created[40], sent[40], next[40];
    web_time_display(r->created_at, created, sizeof created);
    web_time_display(r->sent_at, sent, sizeof sent);
    web_time_display(r->next_attempt_at, next, sizeof next);
    jb_int(d, "id", r->id);
    jb_int(d, "ticket_id", r->ticket_id);
    jb_bool(d, "has_ticket", r->ticket_id > 0); /* a password reset has none */
    jb_str(d, "kind", r->kind);
    jb_str(d, "status", r->status);
    jb_bool(d, "is_failed", strcmp(r->status, "failed") == 0);
    jb_bool(d, "is_queued", strcmp(r->status, "queued") == 0);
    jb_str(d, "to", r->to_email ? r->to_email : "");
    jb_int(d, "attempts", r->attempts);
    jb_str(d, "last_error", r->last_error ? r->last_error : "");
    jb_str(d, "created_at", r->created_at ? r->created_at : "");
    jb_str(d, "created_display", created);
    jb_str(d, "sent_display", r->sent_at ? sent : "");
    jb_str(d, "next_display", next);
    return jb_finish(d);
}

/* The ?status= filter kept only when it is one of ours (it goes back into links). */
static const char *status_filter(const struct request *req)
{
    static const char *const known[] = {"queued", "sent", "failed"};
    const char *s = request_query(req, "status");
    for (size_t i = 0; s && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(s, known[i]) == 0)
            return known[i];
    return NULL;
}

int page_admin_outbox(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const values[] = {"queued", "sent", "failed", NULL};
    static const char *const labels[] = {"Queued", "Sent", "Failed", NULL};
    struct page p;
    struct outbox_row *rows = NULL;
    int n = 0;
    const char *next = NULL, *status = status_filter(req);
    struct app_err bad;
    err_clear(&bad);
    int invalid = page_from_query(req->query, req->nquery, &p, &bad);
    if (!invalid && outbox_list(req->arena, status, &p, &rows, &n, &next, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "mails", jb_rows(req->arena, n, pages_mail_row, rows));
    jb_bool(&d, "has_mails", n > 0);
    jb_bool(&d, "is_first_page", invalid || p.after == 0);
    jb_bool(&d, "mail_on", outbox_enabled());
    jb_str(&d, "filter_status", status ? status : "");
    jb_child(&d, "statuses", pages_options(req->arena, values, labels, status));
    if (next)
        jb_text(&d, "next_url",
                web_url(req->arena, "/admin/outbox", "status", status ? status : "", "cursor", next,
                        NULL));
    return pages_show_admin(req, res, invalid ? 422 : 200, "admin_outbox", "Outbox", "outbox", &d,
                            invalid ? &bad : NULL, err);
}

int page_admin_outbox_retry(struct request *req, struct response *res, struct app_err *err)
{
    struct outbox_row row;
    if (outbox_retry(req->arena, req->user.id, pages_path_id(req), &row, err))
        return -1;
    return pages_redirect(req, res, err, "/admin/outbox?status=queued&done=requeued");
}
