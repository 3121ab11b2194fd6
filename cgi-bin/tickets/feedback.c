/* feedback: POST /api/tickets/{id}/feedback — the customer rates the answer they got. */
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "json/jbuild.h"
#include "json/validate.h"

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
    const char *comment = v[F_COMMENT].present && !v[F_COMMENT].is_null ? v[F_COMMENT].s : NULL;
    long long id = tickets_path_id(req), fid = 0;
    if (ticket_ops_feedback(req->arena, &req->user, id, helpful, rating, comment, &fid, err))
        return -1;
    struct json_object *ticket;
    if (tickets_render(req, id, false, &ticket, err))
        return -1;
    struct jbuild fb, o;
    jb_object(&fb, req->arena);
    jb_int(&fb, "id", fid);
    jb_int(&fb, "ticket_id", id);
    jb_bool(&fb, "helpful", helpful);
    if (rating)
        jb_int(&fb, "rating", rating);
    else
        jb_null(&fb, "rating");
    jb_str(&fb, "comment", comment);
    jb_object(&o, req->arena);
    jb_child(&o, "feedback", jb_finish(&fb));
    jb_child(&o, "ticket", ticket);
    return response_json(res, 201, jb_finish(&o)) ? err_unavailable(err, "out of memory") : 0;
}
