/* ticket_ops: ticket operations shared by the API and the pages. */
#include "ticket/ticket_ops.h"

#include <string.h>

#include "db/db.h"
#include "db/db_intents.h"
#include "db/db_users.h"
#include "intent/intent_guard.h"
#include "intent/intent_input.h"
#include "pipeline/pipeline.h"
#include "ticket/lifecycle.h"

bool ticket_ops_is_staff(const struct principal *who)
{
    return who->role == ROLE_AGENT || who->role == ROLE_ADMIN;
}

int ticket_ops_load(struct arena *a, const struct principal *who, long long id, bool for_update,
                    struct ticket *t, struct app_err *err)
{
    bool found = false;
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    if (db_tickets_get(a, id, for_update, t, &found, err))
        return -1;
    if (!found || (!ticket_ops_is_staff(who) && t->customer_id != who->id))
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    return 0;
}

static int refusal(enum transition_refusal r, const char *why, struct app_err *err)
{
    switch (r) {
    case TR_OK:
        return 0;
    case TR_FORBIDDEN:
        return err_set(err, ERR_FORBIDDEN, "%s", why);
    case TR_CONFLICT:
        return err_set(err, ERR_CONFLICT, "%s", why);
    case TR_INVALID:
        return err_field(err, "status", "%s", why);
    }
    return err_internal(err, "unknown refusal");
}

int ticket_ops_create(struct arena *a, const struct principal *who, const char *subject,
                      const char *body, const char *priority, long long *id, struct app_err *err)
{
    if (db_begin(err) ||
        db_tickets_create(who->id, subject, body, priority ? priority : "normal", id, err))
        return -1;
    struct pipeline_result r;
    struct pipeline_ticket pt = {*id, subject, body, who->name};
    if (pipeline_run(a, &pt, &r, err) || db_tickets_set_outcome(*id, &r.outcome, err))
        return -1;
    if (r.auto_resolve) {
        /* The automatic answer goes out now: as a message and as the sent response. */
        if (db_tickets_add_message(*id, 0, "system", r.outcome.response, NULL, err) ||
            db_tickets_send_response(*id, r.outcome.response, r.outcome.response_source, false,
                                     true, err) ||
            db_tickets_set_status(*id, TS_AUTO_RESOLVED, err))
            return -1;
    }
    return db_commit(err);
}

int ticket_ops_message(struct arena *a, const struct principal *who, long long id, const char *body,
                       bool resolve, bool reusable, long long *message_id, struct app_err *err)
{
    bool staff = ticket_ops_is_staff(who);
    if (reusable && !staff)
        return err_set(err, ERR_FORBIDDEN, "only agents and admins can mark replies reusable");
    struct ticket t;
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err))
        return -1;
    enum ticket_status next;
    const char *why;
    /* Two statements: `why` is only set once the transition has run. */
    enum transition_refusal r =
        ticket_transition(t.status, resolve ? TE_RESOLVE : TE_MESSAGE, who->role, &next, &why);
    if (refusal(r, why, err))
        return -1;
    long long count = 0;
    if (db_tickets_count_messages(t.id, &count, err))
        return -1;
    if (count >= TICKET_MAX_MESSAGES)
        return err_set(err, ERR_CONFLICT,
                       "this conversation is full (%d messages); open a new ticket",
                       TICKET_MAX_MESSAGES);
    if (db_tickets_add_message(t.id, who->id, role_name(who->role), body, message_id, err))
        return -1;
    if (resolve && db_tickets_send_response(t.id, body, "agent", reusable, true, err))
        return -1;
    if (!resolve && staff && db_tickets_mark_first_response(t.id, err))
        return -1;
    if (next != t.status && db_tickets_set_status(t.id, next, err))
        return -1;
    return db_commit(err);
}

int ticket_ops_feedback(struct arena *a, const struct principal *who, long long id, bool helpful,
                        int rating, const char *comment, long long *feedback_id,
                        struct app_err *err)
{
    struct ticket t;
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err))
        return -1;
    if (t.customer_id != who->id)
        return err_set(err, ERR_FORBIDDEN, "only the ticket's customer can rate the answer");
    enum ticket_status next;
    const char *why;
    enum transition_refusal r = ticket_transition(
        t.status, helpful ? TE_FEEDBACK_YES : TE_FEEDBACK_NO, who->role, &next, &why);
    /* An answer rated already (and so reopened) is a duplicate, not a state error. */
    if (r == TR_CONFLICT && t.status == TS_REOPENED && t.response_sent)
        return err_set(err, ERR_CONFLICT, "feedback was already given for this answer");
    if (refusal(r, why, err))
        return -1;
    bool was_auto = t.status == TS_AUTO_RESOLVED;
    int rc = db_feedback_create(t.id, who->id, t.response_no, helpful, rating, comment,
                                t.response_source, was_auto, t.intent, feedback_id, err);
    if (rc == DB_DUPLICATE)
        return err_set(err, ERR_CONFLICT, "feedback was already given for this answer");
    if (rc || db_tickets_set_status(t.id, next, err))
        return -1;
    if (was_auto && t.intent && intent_guard_rating(a, t.intent, helpful, err))
        return -1;
    return db_commit(err);
}

/* Assignees must be staff who can still sign in. */
static int check_assignee(struct arena *a, long long id, struct app_err *err)
{
    struct user u;
    bool found = false;
    if (db_users_by_id(a, id, &u, &found, err))
        return -1;
    if (!found || u.disabled || (u.role != ROLE_AGENT && u.role != ROLE_ADMIN))
        return err_field(err, "assignee_id", "must be an active agent or admin");
    return 0;
}

int ticket_ops_update(struct arena *a, const struct principal *who, long long id,
                      const struct ticket_patch *p, struct app_err *err)
{
    if (p->set_intent && p->intent && strcmp(p->intent, INTENT_OTHER) != 0) {
        bool exists = false;
        if (db_intents_exists(p->intent, &exists, err))
            return -1;
        if (!exists)
            return err_field(err, "intent", "is not a known intent");
    }
    if (p->set_assignee && p->assignee_id > 0 && check_assignee(a, p->assignee_id, err))
        return -1;
    struct ticket t;
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err))
        return -1;
    if (p->status >= 0) {
        enum ticket_status next;
        const char *why;
        enum transition_refusal r = ticket_transition(
            t.status, ticket_set_event((enum ticket_status)p->status), who->role, &next, &why);
        if (refusal(r, why, err))
            return -1;
        if (next != t.status && db_tickets_set_status(t.id, next, err))
            return -1;
    }
    if (p->priority && db_tickets_set_priority(t.id, p->priority, err))
        return -1;
    if (p->set_assignee && db_tickets_set_assignee(t.id, p->assignee_id, err))
        return -1;
    if (p->set_intent && db_tickets_set_intent(t.id, p->intent, err))
        return -1;
    return db_commit(err);
}
