/* create: POST /api/tickets — store the ticket, then let the pipeline answer it. */
#include "db/db.h"
#include "json/validate.h"
#include "tickets.h"

static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};

int tickets_create(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_SUBJECT, F_BODY, F_PRIORITY };
    static const struct field_spec fields[] = {
        [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 200, 0, 0, NULL},
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, priorities},
    };
    struct field_value v[3];
    if (validate_json(req->json, fields, 3, v, err))
        return -1;
    char *subject = arena_strndup(req->arena, v[F_SUBJECT].s, v[F_SUBJECT].len);
    char *body = arena_strndup(req->arena, v[F_BODY].s, v[F_BODY].len);
    if (!subject || !body)
        return err_unavailable(err, "out of memory");
    long long id = 0;
    if (db_begin(err) ||
        db_tickets_create(req->user.id, subject, body,
                          v[F_PRIORITY].present ? v[F_PRIORITY].s : "normal", &id, err) ||
        db_commit(err))
        return -1;
    return tickets_respond(req, res, id, 201, false, err);
}
