/* notifications: GET /api/notifications (the caller's, newest first), GET
 * /api/notifications/unread, POST /api/notifications/read (one, or every one up to
 * an id), GET and PUT /api/notifications/settings (staff's choices). */
#include "http/page.h"
#include "meta.h"
#include "ticket/ticket_notify.h"
#include "view/view_notification.h"
#include "json/jbuild.h"
#include "json/validate.h"

struct list_ctx {
    const struct principal *who;
    const struct notification_row *rows;
};

static struct json_object *row_view(struct arena *a, int i, const void *ctx)
{
    const struct list_ctx *c = ctx;
    return view_notification(a, c->who, &c->rows[i]);
}

int meta_notifications(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct notification_row *rows = NULL;
    int n = 0;
    const char *next;
    if (page_from_query(req->query, req->nquery, &p, err) ||
        ticket_notify_list(req->arena, &req->user, &p, &rows, &n, &next, err))
        return -1;
    struct list_ctx c = {&req->user, rows};
    return page_respond(res, req->arena, n, row_view, &c, next, err);
}

static int unread_answer(struct request *req, struct response *res, long long marked,
                         bool with_marked, struct app_err *err)
{
    long long unread = 0;
    if (ticket_notify_unread(&req->user, &unread, err))
        return -1;
    struct jbuild o;
    jb_object(&o, req->arena);
    if (with_marked)
        jb_int(&o, "marked", marked);
    jb_int(&o, "unread", unread);
    jb_bool(&o, "more", unread >= NOTIFICATIONS_UNREAD_MAX);
    return response_json(res, 200, jb_finish(&o)) ? err_unavailable(err, "out of memory") : 0;
}

int meta_notifications_unread(struct request *req, struct response *res, struct app_err *err)
{
    return unread_answer(req, res, 0, false, err);
}

int meta_notifications_read(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_ID, F_UP_TO };
    static const struct field_spec fields[] = {
        [F_ID] = {"id", FT_INT, 0, 1, 1LL << 62, 0, 0, NULL},
        [F_UP_TO] = {"up_to", FT_INT, 0, 1, 1LL << 62, 0, 0, NULL},
    };
    struct field_value v[2];
    long long marked = 0;
    if (validate_json(req->json, fields, 2, v, err))
        return -1;
    if (v[F_ID].present == v[F_UP_TO].present)
        return err_field(err, "id", "give either id (one notification) or up_to (all up to it)");
    if (ticket_notify_read(&req->user, v[F_ID].present ? v[F_ID].i : 0,
                           v[F_UP_TO].present ? v[F_UP_TO].i : 0, &marked, err))
        return -1;
    return unread_answer(req, res, marked, true, err);
}

int meta_notification_settings(struct request *req, struct response *res, struct app_err *err)
{
    struct notification_prefs p;
    if (ticket_notify_prefs(&req->user, &p, err))
        return -1;
    return response_json(res, 200, view_notification_prefs(req->arena, &p))
               ? err_unavailable(err, "out of memory")
               : 0;
}

int meta_notification_settings_put(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_NEW, F_ASSIGNED, F_MAIL };
    static const struct field_spec fields[] = {
        [F_NEW] = {"new_tickets", FT_BOOL, 0, 0, 0, 0, 0, NULL},
        [F_ASSIGNED] = {"assigned", FT_BOOL, 0, 0, 0, 0, 0, NULL},
        [F_MAIL] = {"by_mail", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    };
    struct field_value v[3];
    struct notification_prefs p;
    /* Any subset: what is not given stays as it is. */
    if (validate_json(req->json, fields, 3, v, err) || ticket_notify_prefs(&req->user, &p, err))
        return -1;
    if (v[F_NEW].present)
        p.new_tickets = v[F_NEW].b;
    if (v[F_ASSIGNED].present)
        p.assigned = v[F_ASSIGNED].b;
    if (v[F_MAIL].present)
        p.by_mail = v[F_MAIL].b;
    if (ticket_notify_set_prefs(&req->user, &p, err))
        return -1;
    return response_json(res, 200, view_notification_prefs(req->arena, &p))
               ? err_unavailable(err, "out of memory")
               : 0;
}
