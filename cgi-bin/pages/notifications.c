/* notifications: GET /notifications — the user's notifications, newest first; GET
 * /notifications/{id} — open one (read) and go to its ticket; POST
 * /notifications/read — mark all read; GET and POST /notifications/settings — staff
 * choose what they are told. */
#include "core/num.h"
#include "outbox/outbox.h"
#include "pages.h"
#include "ticket/ticket_notify.h"

static struct json_object *row(struct arena *a, int i, const void *rows)
{
    const struct notification_row *r = (const struct notification_row *)rows + i;
    struct jbuild d;
    char created[40];
    web_time_display(r->created_at, created, sizeof created);
    jb_object(&d, a);
    jb_int(&d, "id", r->id);
    jb_int(&d, "ticket_id", r->ticket_id);
    jb_str(&d, "text", ticket_notify_text(r->kind));
    jb_str(&d, "subject", r->subject ? r->subject : "");
    jb_str(&d, "created_at", r->created_at ? r->created_at : "");
    jb_str(&d, "created_display", created);
    jb_bool(&d, "read", r->read_at != NULL);
    return jb_finish(&d);
}

int page_notifications(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct notification_row *rows = NULL;
    int n = 0;
    const char *next = NULL;
    if (page_from_query(req->query, req->nquery, &p, err))
        return -1;
    p.limit = LIST_PAGE;
    if (ticket_notify_list(req->arena, &req->user, &p, &rows, &n, &next, err))
        return -1;
    bool unread = false;
    for (int i = 0; i < n; i++)
        unread |= rows[i].read_at == NULL;
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_child(&d, "items", jb_rows(req->arena, n, row, rows));
    jb_bool(&d, "has_items", n > 0);
    jb_bool(&d, "has_unread", unread);
    jb_int(&d, "newest_id", n > 0 ? rows[0].id : 0);
    jb_bool(&d, "is_first_page", p.after == 0);
    jb_bool(&d, "is_staff", req->user.role != ROLE_CUSTOMER);
    if (next)
        jb_text(&d, "next_url", arena_printf(req->arena, "/notifications?cursor=%s", next));
    return pages_show(req, res, 200, "notifications", "Notifications", "notifications", &d, NULL,
                      err);
}

int page_notification_open(struct request *req, struct response *res, struct app_err *err)
{
    struct notification_row r;
    if (ticket_notify_open(req->arena, &req->user, pages_path_id(req), &r, err))
        return -1;
    return pages_redirect(req, res, err, "%s", ticket_notify_url(req->arena, &req->user, &r));
}

int page_notifications_read(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec fields[] = {
        {"up_to", FT_STRING, FS_REQUIRED, 1, 20, 0, 0, NULL},
    };
    struct web_form f;
    struct field_value v[1];
    long long up_to = 0, marked = 0;
    if (pages_form_fields(req, &f, fields, 1, v, err))
        return -1;
    if (num_parse_ll(v[0].s, 1, 1LL << 62, &up_to))
        return err_field(err, "up_to", "must be a notification number");
    if (ticket_notify_read(&req->user, 0, up_to, &marked, err))
        return -1;
    return pages_redirect(req, res, err, "/notifications?done=notifications_read");
}

static int settings_page(struct request *req, struct response *res,
                         const struct notification_prefs *p, struct app_err *err)
{
    struct jbuild d;
    jb_object(&d, req->arena);
    jb_bool(&d, "new_tickets", p->new_tickets);
    jb_bool(&d, "assigned", p->assigned);
    jb_bool(&d, "by_mail", p->by_mail);
    jb_bool(&d, "mail_on", outbox_enabled());
    return pages_show(req, res, 200, "notification_settings", "Notification settings",
                      "notifications", &d, NULL, err);
}

int page_notification_settings(struct request *req, struct response *res, struct app_err *err)
{
    struct notification_prefs p;
    return ticket_notify_prefs(&req->user, &p, err) ? -1 : settings_page(req, res, &p, err);
}

int page_notification_settings_save(struct request *req, struct response *res, struct app_err *err)
{
    struct web_form f;
    if (web_form_parse(req, &f, err))
        return -1;
    /* A checkbox is present when ticked, whatever its value. */
    struct notification_prefs p = {
        .new_tickets = web_form_get(&f, "new_tickets") != NULL,
        .assigned = web_form_get(&f, "assigned") != NULL,
        .by_mail = web_form_get(&f, "by_mail") != NULL,
    };
    if (ticket_notify_set_prefs(&req->user, &p, err))
        return -1;
    return pages_redirect(req, res, err, "/notifications/settings?done=notify_saved");
}
