/* update: PATCH /api/tickets/{id} — status, priority, assignee and intent, by staff. */
#include <string.h>

#include "db/db.h"
#include "db/db_intents.h"
#include "db/db_users.h"
#include "json/validate.h"
#include "tickets.h"

static const char *const statuses[] = {"OPEN", "AUTO_RESOLVED", "RESOLVED", "REOPENED", "CLOSED",
                                       NULL};
static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};

/* Assignees must be staff who can still sign in. */
static int check_assignee(struct request *req, long long id, struct app_err *err)
{
    struct user u;
    bool found = false;
    if (db_users_by_id(req->arena, id, &u, &found, err))
        return -1;
    if (!found || u.disabled || (u.role != ROLE_AGENT && u.role != ROLE_ADMIN))
        return err_field(err, "assignee_id", "must be an active agent or admin");
    return 0;
}

int tickets_update(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_STATUS, F_PRIORITY, F_ASSIGNEE, F_INTENT };
    static const struct field_spec fields[] = {
        [F_STATUS] = {"status", FT_STRING, 0, 1, 20, 0, 0, statuses},
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, priorities},
        [F_ASSIGNEE] = {"assignee_id", FT_INT, FS_NULLABLE, 1, (1LL << 62), 0, 0, NULL},
        [F_INTENT] = {"intent", FT_STRING, FS_NULLABLE, 1, 64, 0, 0, NULL},
    };
    struct field_value v[4];
    if (validate_json(req->json, fields, 4, v, err))
        return -1;
    char *intent = NULL;
    if (v[F_INTENT].present && !v[F_INTENT].is_null) {
        bool exists = false;
        if (!(intent = arena_strndup(req->arena, v[F_INTENT].s, v[F_INTENT].len)))
            return err_unavailable(err, "out of memory");
        if (db_intents_exists(intent, &exists, err))
            return -1;
        if (!exists)
            return err_field(err, "intent", "is not a known intent");
    }
    if (v[F_ASSIGNEE].present && !v[F_ASSIGNEE].is_null &&
        check_assignee(req, v[F_ASSIGNEE].i, err))
        return -1;
    struct ticket t;
    if (db_begin(err) || tickets_load_visible(req, true, &t, err))
        return -1;
    if (v[F_STATUS].present) {
        enum ticket_status next;
        const char *why;
        enum ticket_event ev = ticket_set_event(ticket_status_parse(v[F_STATUS].s));
        if (tickets_refusal(ticket_transition(t.status, ev, req->user.role, &next, &why), why, err))
            return -1;
        if (next != t.status && db_tickets_set_status(t.id, next, err))
            return -1;
    }
    if (v[F_PRIORITY].present && db_tickets_set_priority(t.id, v[F_PRIORITY].s, err))
        return -1;
    if (v[F_ASSIGNEE].present &&
        db_tickets_set_assignee(t.id, v[F_ASSIGNEE].is_null ? 0 : v[F_ASSIGNEE].i, err))
        return -1;
    if (v[F_INTENT].present && db_tickets_set_intent(t.id, intent, err))
        return -1;
    if (db_commit(err))
        return -1;
    return tickets_respond(req, res, t.id, 200, false, err);
}
