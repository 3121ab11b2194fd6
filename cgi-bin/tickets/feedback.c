/* feedback: POST /api/tickets/{id}/feedback — the customer rates the answer they got. */
#include <json.h>
#include <string.h>

#include "db/db.h"
#include "json/validate.h"
#include "tickets.h"
#include "view/view_ticket.h"

int tickets_feedback(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_HELPFUL, F_RATING, F_COMMENT };
    static const struct field_spec fields[] = {
        [F_HELPFUL] = {"helpful", FT_BOOL, FS_REQUIRED, 0, 0, 0, 0, NULL},
        [F_RATING] = {"rating", FT_INT, FS_NULLABLE, 1, 5, 0, 0, NULL},
        [F_COMMENT] = {"comment", FT_STRING, FS_NULLABLE, 0, 2000, 0, 0, NULL},
    };
    struct field_value v[3];
    if (validate_json(req->json, fields, 3, v, err))
        return -1;
    bool helpful = v[F_HELPFUL].b;
    int rating = v[F_RATING].present && !v[F_RATING].is_null ? (int)v[F_RATING].i : 0;
    char *comment = NULL;
    if (v[F_COMMENT].present && !v[F_COMMENT].is_null &&
        !(comment = arena_strndup(req->arena, v[F_COMMENT].s, v[F_COMMENT].len)))
        return err_unavailable(err, "out of memory");

    struct ticket t;
    if (db_begin(err) || tickets_load_visible(req, true, &t, err))
        return -1;
    if (t.customer_id != req->user.id)
        return err_set(err, ERR_FORBIDDEN, "only the ticket's customer can rate the answer");
    enum ticket_status next;
    const char *why;
    enum transition_refusal r = ticket_transition(
        t.status, helpful ? TE_FEEDBACK_YES : TE_FEEDBACK_NO, req->user.role, &next, &why);
    /* A response that was already rated (then reopened) is a duplicate, not a state error. */
    if (r == TR_CONFLICT && t.status == TS_REOPENED && t.response_sent)
        return err_set(err, ERR_CONFLICT, "feedback was already given for this answer");
    if (tickets_refusal(r, why, err))
        return -1;
    bool was_auto = t.status == TS_AUTO_RESOLVED;
    long long fid = 0;
    int rc = db_feedback_create(t.id, req->user.id, t.response_no, helpful, rating, comment,
                                t.response_source, was_auto, t.intent, &fid, err);
    if (rc == DB_DUPLICATE)
        return err_set(err, ERR_CONFLICT, "feedback was already given for this answer");
    if (rc || db_tickets_set_status(t.id, next, err))
        return -1;
    if (db_commit(err))
        return -1;
    json_object *fb = json_object_new_object();
    if (!fb)
        return err_unavailable(err, "out of memory");
    json_object_object_add(fb, "id", json_object_new_int64(fid));
    json_object_object_add(fb, "ticket_id", json_object_new_int64(t.id));
    json_object_object_add(fb, "helpful", json_object_new_boolean(helpful));
    json_object_object_add(fb, "rating", rating ? json_object_new_int(rating) : NULL);
    json_object_object_add(fb, "comment", comment ? json_object_new_string(comment) : NULL);
    json_object *ticket = NULL;
    if (tickets_render(req, t.id, false, &ticket, err)) {
        json_object_put(fb);
        return -1;
    }
    json_object *o = json_object_new_object();
    if (!o) {
        json_object_put(ticket);
        json_object_put(fb);
        return err_unavailable(err, "out of memory");
    }
    json_object_object_add(o, "feedback", fb);
    json_object_object_add(o, "ticket", ticket);
    return response_json(res, 201, o) ? err_unavailable(err, "out of memory") : 0;
}
