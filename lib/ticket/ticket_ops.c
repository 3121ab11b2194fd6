/* ticket_ops: ticket operations shared by the API and the pages. */
#include "ticket/ticket_ops.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "db/db.h"
#include "db/db_intents.h"
#include "db/db_tx.h"
#include "db/db_users.h"
#include "intent/intent_guard.h"
#include "intent/intent_input.h"
#include "outbox/outbox.h"
#include "pipeline/pipeline.h"
#include "ticket/feedback_link.h"
#include "ticket/lifecycle.h"
#include "ticket/sla.h"
#include "ticket/ticket_attach.h"
#include "ticket/ticket_idempotency.h"
#include "ticket/ticket_notify.h"
#include "ticket/ticket_search.h"

bool ticket_ops_is_staff(const struct principal *who)
{
    return who->role == ROLE_AGENT || who->role == ROLE_ADMIN;
}

/* The visibility rule: another customer's ticket is 404 exactly like a missing one. */
static int visible(const struct principal *who, const struct ticket *t, bool found,
                   struct app_err *err)
{
    if (!found || (!ticket_ops_is_staff(who) && t->customer_id != who->id))
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    return 0;
}

int ticket_ops_load(struct arena *a, const struct principal *who, long long id, bool for_update,
                    struct ticket *t, struct app_err *err)
{
    bool found = false;
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    if (db_tickets_get(a, id, for_update, t, &found, err))
        return -1;
    return visible(who, t, found, err);
}

int ticket_ops_read(struct arena *a, const struct principal *who, long long id, struct ticket *t,
                    struct ticket_message **m, int *n, struct app_err *err)
{
    bool found = false;
    *m = NULL;
    *n = 0;
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    if (db_tickets_read(a, id, TICKET_MAX_MESSAGES, t, m, n, &found, err) ||
        visible(who, t, found, err))
        return -1;
    /* Internal notes are staff's: a customer's conversation never holds them. */
    if (!ticket_ops_is_staff(who)) {
        int kept = 0;
        for (int i = 0; i < *n; i++)
            if (!(*m)[i].internal)
                (*m)[kept++] = (*m)[i];
        *n = kept;
    }
    return 0;
}

/* A change based on version if_version (0: on whatever is there) of t: 412 when
 * the ticket has changed since, so nobody's reply or edit silently overrides
 * another's. */
static int still_at(const struct ticket *t, long long if_version, struct app_err *err)
{
    if (if_version > 0 && t->version != if_version)
        return err_set(err, ERR_PRECONDITION,
                       "the ticket changed since version %lld (it is at %lld): read it again",
                       if_version, t->version);
    return 0;
}

/* A conversation holds at most TICKET_MAX_MESSAGES (notes included): 409 when full. */
static int room_for_one(long long ticket_id, struct app_err *err)
{
    long long count = 0;
    if (db_tickets_count_messages(ticket_id, &count, err))
        return -1;
    if (count >= TICKET_MAX_MESSAGES)
        return err_set(err, ERR_CONFLICT,
                       "this conversation is full (%d messages); open a new ticket",
                       TICKET_MAX_MESSAGES);
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

/* s with every placeholder replaced by the ticket's id, in a; NULL when out of memory. */
static char *with_id(struct arena *a, const char *s, long long id)
{
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", id);
    return pipeline_put_id(a, s, idbuf);
}

/* "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DDTHH:MM:SSZ" of now, UTC. */
static int utc_now(char sql[24], char rfc[24])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return -1;
    strftime(sql, 24, "%Y-%m-%d %H:%M:%S", &tm);
    strftime(rfc, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

/* The ticket quota (setting ticket_quota per clock hour; staff are exempt), from
 * the count the user row brought and the cached settings: no statement of its own.
 * Checked before the pipeline runs, so a flood costs no classification either. Two
 * tickets filed at the same instant may both pass the last place: a quota, not a
 * lock. */
static int quota_allows(const struct principal *who, struct app_err *err)
{
    if (who->role != ROLE_CUSTOMER)
        return 0;
    const struct settings *s;
    if (pipeline_live_settings(&s, err))
        return -1;
    if (s->ticket_quota <= 0 || who->tickets_this_hour < s->ticket_quota)
        return 0;
    err_set(err, ERR_RATE_LIMITED, "too many tickets this hour; try again later");
    err->retry_after = (int)(3600 - time(NULL) % 3600);
    return -1;
}

/* The origin's claim inside the transaction: 1 rolls back (stored already). */
static int origin_claim(const struct ticket_origin *o, long long ticket_id, long long message_id,
                        bool *replayed, struct app_err *err)
{
    int rc = o && o->claim ? o->claim(o->ctx, ticket_id, message_id, err) : 0;
    if (rc == 1) {
        db_rollback();
        if (replayed)
            *replayed = true;
    }
    return rc;
}

/* Automatic mail gets no automatic answer: the decision is ESCALATE, saying why. */
static int no_auto_answer(struct arena *a, const char *why, struct pipeline_result *r,
                          struct app_err *err)
{
    r->auto_resolve = false;
    r->outcome.decision = "ESCALATE";
    r->outcome.decision_reason = arena_printf(a, "no automatic answer to automatic mail (%s)", why);
    return r->outcome.decision_reason ? 0 : err_unavailable(err, "out of memory");
}

static int create(struct arena *a, const struct principal *who, const char *subject,
                  const char *body, const char *priority, const char *idem_key,
                  const struct ticket_origin *origin, struct attach_set *files, long long *id,
                  struct ticket *out, bool *replayed, struct app_err *err)
{
    struct pipeline_result r;
    struct pipeline_ticket pt = {0, subject, body, who->name};
    char now[24], now_rfc[24];
    priority = priority ? priority : "normal";
    struct idem k = {.key = idem_key};
    if (replayed)
        *replayed = false;
    if (idem_key &&
        !(k.request = arena_printf(a, "POST /api/tickets\n%zu:%s\n%zu:%s\n%s", strlen(subject),
                                   subject, strlen(body), body, priority)))
        return err_unavailable(err, "out of memory");
    if (quota_allows(who, err)) {
        /* The retry of a ticket already filed is answered as such, quota or not: its
         * client must learn that the first attempt went through. */
        long long first = 0, no_message = 0;
        struct app_err lookup;
        err_clear(&lookup);
        if (idem_lookup(&k, who, &first, &no_message, &lookup) != 1)
            return -1;
        err_clear(err);
        *id = first;
        if (replayed)
            *replayed = true;
        return out ? ticket_ops_load(a, who, first, false, out, err) : 0;
    }
    /* Files are checked before anything runs; the pipeline reads subject and body
     * only: an attachment never changes what it decides. */
    if ((files && ticket_attach_check(a, files, err)) || pipeline_run(a, &pt, &r, err))
        return -1;
    if (origin && origin->no_auto_answer && no_auto_answer(a, origin->no_auto_answer, &r, err))
        return -1;
    if (utc_now(now, now_rfc))
        return err_internal(err, "the clock cannot be read");
    /* The SLA's due times go into the same INSERT (computed here, from the cached
     * targets: no statement of their own). */
    const struct sla_config *sla;
    struct sla_due due;
    time_t filed;
    char first_due[24], first_due_rfc[24], res_due[24], res_due_rfc[24];
    if (sla_live(&sla, err))
        return -1;
    if (!sla_parse_time(now_rfc, &filed))
        return err_internal(err, "the clock cannot be read");
    sla_due_for(sla, priority, filed, 0, &due);
    bool has_first = sla_sql_time(due.has_first, due.first, first_due, first_due_rfc),
         has_res = sla_sql_time(due.has_resolution, due.resolution, res_due, res_due_rfc);
    struct ticket_new tn = {who->id,
                            subject,
                            body,
                            priority,
                            origin ? origin->channel : NULL,
                            &r.outcome,
                            r.auto_resolve,
                            now,
                            has_first ? first_due : NULL,
                            has_res ? res_due : NULL,
                            NULL};
    long long no_message = 0;
    /* Searchable from its first commit: the text in the same INSERT, its index rows
     * in one statement more (ticket_search_store, below). */
    if (ticket_search_text(a, subject, body, who->name, who->email, NULL, &tn.search, err))
        return -1;
    if (db_begin(err) || db_tickets_insert(&tn, id, err))
        return -1;
    int claimed = idem_claim(&k, who, id, &no_message, err);
    if (claimed < 0)
        return -1;
    if (claimed) { /* a repeat: the ticket the first request filed, as it is now */
        if (replayed)
            *replayed = true;
        return out ? ticket_ops_load(a, who, *id, false, out, err) : 0;
    }
    if (ticket_search_store(a, *id, tn.search, err))
        return -1;
    if (db_tickets_count_quota(who->id, (long long)(time(NULL) / 3600), err) ||
        ticket_attach_store(a, who, *id, 0, files, NULL, err))
        return -1;
    const char *response = r.outcome.response;
    /* The row keeps the placeholder (its `response` column reads it with the id,
     * sql/010); the message and the answer get the id now. */
    if (response && strstr(response, PIPELINE_ID_PLACEHOLDER) &&
        !(response = with_id(a, response, *id)))
        return err_unavailable(err, "out of memory");
    /* The automatic answer goes out now: as the sent response and a system message,
     * and by mail (response 1: the first this ticket has). */
    if (r.auto_resolve && (db_tickets_add_message(*id, 0, "system", response, false, NULL, err) ||
                           outbox_enqueue(*id, OUTBOX_AUTO_ANSWER, response, 1, err)))
        return -1;
    /* Not answered: it waits in the queue, and staff who chose to are told. */
    if (!r.auto_resolve && ticket_notify_new(*id, err))
        return -1;
    claimed = origin_claim(origin, *id, 0, replayed, err);
    if (claimed)
        return claimed < 0 ? -1 : 0;
    if (db_commit(err))
        return -1;
    idem_committed(&k);
    if (out) {
        const struct ticket_outcome *o = &r.outcome;
        *out = (struct ticket){
            .id = *id,
            .version = 1, /* a new row's (sql/017) */
            .customer_id = who->id,
            .subject = subject,
            .body = body,
            .status = r.auto_resolve ? TS_AUTO_RESOLVED : TS_OPEN,
            .priority = priority,
            .channel = origin && origin->channel ? origin->channel : "web",
            .intent = o->intent,
            .has_confidence = o->has_confidence,
            .confidence = o->confidence,
            .decision = o->decision,
            .decision_reason = o->decision_reason ? o->decision_reason : "",
            .similar_ticket_id = o->similar_ticket_id,
            .has_similarity = o->has_similarity,
            .similarity = o->similarity,
            .response = response,
            .response_source = o->response_source,
            .response_sent = r.auto_resolve,
            .response_no = r.auto_resolve ? 1 : 0,
            .created_at = arena_strdup(a, now_rfc),
            .customer_name = who->name,
        };
        out->updated_at = out->created_at;
        out->resolved_at = r.auto_resolve ? out->created_at : NULL;
        out->first_response_at = r.auto_resolve ? out->created_at : NULL;
        out->first_response_due_at = has_first ? arena_strdup(a, first_due_rfc) : NULL;
        out->resolution_due_at = has_res ? arena_strdup(a, res_due_rfc) : NULL;
        out->sla_paused_at = r.auto_resolve ? out->created_at : NULL;
        if (!out->created_at || (has_first && !out->first_response_due_at) ||
            (has_res && !out->resolution_due_at))
            return err_unavailable(err, "out of memory");
    }
    return 0;
}

int ticket_ops_create(struct arena *a, const struct principal *who, const char *subject,
                      const char *body, const char *priority, const char *idem_key, long long *id,
                      struct ticket *out, bool *replayed, struct app_err *err)
{
    return create(a, who, subject, body, priority, idem_key, NULL, NULL, id, out, replayed, err);
}

int ticket_ops_create_from(struct arena *a, const struct principal *who, const char *subject,
                           const char *body, const struct ticket_origin *origin, long long *id,
                           bool *replayed, struct app_err *err)
{
    return create(a, who, subject, body, NULL, NULL, origin, NULL, id, NULL, replayed, err);
}

int ticket_ops_create_files(struct arena *a, const struct principal *who, const char *subject,
                            const char *body, const char *priority, struct attach_set *files,
                            long long *id, struct app_err *err)
{
    return create(a, who, subject, body, priority, NULL, NULL, files, id, NULL, NULL, err);
}

static int message(struct arena *a, const struct principal *who, long long id, const char *body,
                   bool resolve, bool reusable, const char *idem_key, long long if_version,
                   const struct ticket_origin *origin, struct attach_set *files,
                   long long *message_id, bool *replayed, struct app_err *err)
{
    if (replayed)
        *replayed = false;
    bool staff = ticket_ops_is_staff(who);
    if (reusable && !staff)
        return err_set(err, ERR_FORBIDDEN, "only agents and admins can mark replies reusable");
    struct idem k = {.key = idem_key};
    if (idem_key && !(k.request = arena_printf(a, "POST /api/tickets/%lld/messages\n%d%d\n%s", id,
                                               resolve, reusable, body)))
        return err_unavailable(err, "out of memory");
    struct ticket t;
    long long mid = 0;
    if ((files && ticket_attach_check(a, files, err)) || db_begin(err) ||
        ticket_ops_load(a, who, id, true, &t, err) || still_at(&t, if_version, err))
        return -1;
    enum ticket_status next;
    const char *why;
    /* Two statements: `why` is only set once the transition has run. */
    enum transition_refusal r =
        ticket_transition(t.status, resolve ? TE_RESOLVE : TE_MESSAGE, who->role, &next, &why);
    if (refusal(r, why, err))
        return -1;
    /* Automatic mail (an out-of-office, a bounce) joins the conversation but moves
     * nothing: a machine did not say the answer failed. */
    if (origin && origin->no_auto_answer)
        next = t.status;
    const char *terms;
    if (room_for_one(t.id, err) || ticket_search_message(a, body, false, &terms, err))
        return -1;
    if (db_tickets_add_message(t.id, who->id, role_name(who->role), body, false, &mid, err) ||
        ticket_attach_store(a, who, t.id, mid, files, NULL, err))
        return -1;
    if (message_id)
        *message_id = mid;
    if (resolve && db_tickets_send_response(t.id, body, "agent", reusable, true, err))
        return -1;
    if (!resolve && staff && db_tickets_mark_first_response(t.id, err))
        return -1;
    /* Staff replies reach the customer by mail too (a resolving one with the links
     * that rate it), and as a notification; the customer's own do not. */
    if (staff && (outbox_enqueue(t.id, OUTBOX_REPLY, body, resolve ? t.response_no + 1 : 0, err) ||
                  ticket_notify_customer(t.customer_id, t.id, resolve ? "resolved" : "reply", err)))
        return -1;
    if (ticket_notify_assignee(t.id, t.assignee_id, who->id, err))
        return -1;
    if ((next != t.status &&
         (db_tickets_set_status(t.id, next, err) || sla_on_change(&t, next, NULL, err))) ||
        db_tickets_bump_version(t.id, terms, err) || ticket_search_store(a, t.id, terms, err))
        return -1;
    long long ticket_id = t.id;
    int claimed = idem_claim(&k, who, &ticket_id, message_id, err);
    if (claimed < 0)
        return -1;
    if (claimed) { /* a repeat: *message_id is the first request's message */
        if (replayed)
            *replayed = true;
        return 0;
    }
    claimed = origin_claim(origin, t.id, message_id ? *message_id : 0, replayed, err);
    if (claimed)
        return claimed < 0 ? -1 : 0;
    if (db_commit(err))
        return -1;
    idem_committed(&k);
    return 0;
}

static int note(struct arena *a, const struct principal *who, long long id, const char *body,
                long long if_version, struct attach_set *files, long long *message_id,
                struct app_err *err)
{
    struct ticket t;
    enum ticket_status next;
    const char *why;
    long long mid = 0;
    if ((files && ticket_attach_check(a, files, err)) || db_begin(err) ||
        ticket_ops_load(a, who, id, true, &t, err) || still_at(&t, if_version, err))
        return -1;
    enum transition_refusal r = ticket_transition(t.status, TE_NOTE, who->role, &next, &why);
    if (refusal(r, why, err))
        return -1;
    const char *terms;
    if (room_for_one(t.id, err) || ticket_search_message(a, body, true, &terms, err))
        return -1;
    if (message_id)
        *message_id = 0;
    if (db_tickets_add_message(t.id, who->id, role_name(who->role), body, true, &mid, err) ||
        ticket_attach_store(a, who, t.id, mid, files, NULL, err) ||
        ticket_notify_assignee(t.id, t.assignee_id, who->id, err) ||
        db_tickets_bump_version(t.id, terms, err) || ticket_search_store(a, t.id, terms, err) ||
        db_commit(err))
        return -1;
    if (message_id)
        *message_id = mid;
    return 0;
}

int ticket_ops_note(struct arena *a, const struct principal *who, long long id, const char *body,
                    long long if_version, long long *message_id, struct app_err *err)
{
    return note(a, who, id, body, if_version, NULL, message_id, err);
}

int ticket_ops_note_files(struct arena *a, const struct principal *who, long long id,
                          const char *body, long long if_version, struct attach_set *files,
                          long long *message_id, struct app_err *err)
{
    return note(a, who, id, body, if_version, files, message_id, err);
}

int ticket_ops_viewing(struct arena *a, const struct principal *who, long long id,
                       const char ***names, int *n, struct app_err *err)
{
    *names = NULL;
    *n = 0;
    if (!ticket_ops_is_staff(who))
        return 0;
    return db_tickets_viewing(a, id, who->id, TICKET_VIEWING_SECONDS, 5, names, n, err);
}

int ticket_ops_rating(struct arena *a, const struct principal *who, const struct ticket *t,
                      struct ticket_rating *out, struct app_err *err)
{
    *out = (struct ticket_rating){0};
    if (!ticket_ops_is_staff(who) && t->customer_id != who->id)
        return err_set(err, ERR_NOT_FOUND, "no such ticket");
    if (t->response_no <= 0)
        return 0;
    return db_tickets_feedback_on(a, t->id, t->response_no, &out->rated, &out->helpful, &out->stars,
                                  &out->comment, err);
}

bool ticket_ops_wants_stars(const struct ticket_rating *r)
{
    return r->rated && r->helpful && r->stars == 0;
}

int ticket_ops_message(struct arena *a, const struct principal *who, long long id, const char *body,
                       bool resolve, bool reusable, const char *idem_key, long long if_version,
                       long long *message_id, bool *replayed, struct app_err *err)
{
    return message(a, who, id, body, resolve, reusable, idem_key, if_version, NULL, NULL,
                   message_id, replayed, err);
}

int ticket_ops_message_files(struct arena *a, const struct principal *who, long long id,
                             const char *body, bool resolve, bool reusable, long long if_version,
                             struct attach_set *files, long long *message_id, struct app_err *err)
{
    return message(a, who, id, body, resolve, reusable, NULL, if_version, NULL, files, message_id,
                   NULL, err);
}

int ticket_ops_message_from(struct arena *a, const struct principal *who, long long id,
                            const char *body, const struct ticket_origin *origin,
                            long long *message_id, bool *replayed, struct app_err *err)
{
    return message(a, who, id, body, false, false, NULL, 0, origin, NULL, message_id, replayed,
                   err);
}

/* ticket_ops_feedback, for answer number `answer` only (0: the current one). */
static int rate(struct arena *a, const struct principal *who, long long id, long long answer,
                bool helpful, int rating, const char *comment, long long *feedback_id,
                struct app_err *err)
{
    struct ticket t;
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err))
        return -1;
    if (t.customer_id != who->id)
        return err_set(err, ERR_FORBIDDEN, "only the ticket's customer can rate the answer");
    if (answer && t.response_no != answer)
        return err_set(err, ERR_CONFLICT, "this answer was followed by another one; rate that");
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
    if (rc || db_tickets_set_status(t.id, next, err) || sla_on_change(&t, next, NULL, err) ||
        db_tickets_bump_version(t.id, NULL, err))
        return -1;
    if (was_auto && t.intent && intent_guard_rating(a, t.intent, helpful, err))
        return -1;
    if (ticket_notify_assignee(t.id, t.assignee_id, who->id, err))
        return -1;
    return db_commit(err);
}

int ticket_ops_feedback(struct arena *a, const struct principal *who, long long id, bool helpful,
                        int rating, const char *comment, long long *feedback_id,
                        struct app_err *err)
{
    return rate(a, who, id, 0, helpful, rating, comment, feedback_id, err);
}

/* The ticket a mailed link's token names (*l: the token's contents); 404 when the
 * token is not ours, expired or its ticket gone. */
static int link_ticket(struct arena *a, const char *token, struct feedback_link *l,
                       struct ticket *t, struct app_err *err)
{
    bool found = false;
    if (!feedback_link_check(token, time(NULL), l))
        return err_set(err, ERR_NOT_FOUND, "this link is not valid or has expired");
    if (db_tickets_get(a, l->ticket_id, false, t, &found, err))
        return -1;
    return found ? 0 : err_set(err, ERR_NOT_FOUND, "this link is not valid or has expired");
}

int ticket_ops_feedback_link(struct arena *a, const char *token, bool vote, bool helpful,
                             struct ticket *t, long long *feedback_id, struct app_err *err)
{
    struct feedback_link l;
    if (link_ticket(a, token, &l, t, err))
        return -1;
    if (!vote)
        return 0;
    /* The token stands for the customer it was mailed to: the ticket's. */
    struct principal customer = {.id = t->customer_id, .role = ROLE_CUSTOMER};
    return rate(a, &customer, t->id, l.response_no, helpful, 0, NULL, feedback_id, err);
}

/* ticket_ops_stars, for answer number `answer` only (0: the current one). */
static int stars_for(struct arena *a, const struct principal *who, long long id, long long answer,
                     int stars, const char *comment, struct app_err *err)
{
    if (stars < 1 || stars > 5)
        return err_field(err, "rating", "must be 1 to 5 stars");
    struct ticket t;
    bool added = false;
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err))
        return -1;
    if (t.customer_id != who->id)
        return err_set(err, ERR_FORBIDDEN, "only the ticket's customer can rate the answer");
    if (db_feedback_add_stars(t.id, answer ? answer : t.response_no, stars, comment, &added, err))
        return -1;
    if (!added)
        return err_set(err, ERR_CONFLICT, "stars go with a \"Yes\" that has none yet");
    return db_tickets_bump_version(t.id, NULL, err) || db_commit(err) ? -1 : 0;
}

int ticket_ops_stars(struct arena *a, const struct principal *who, long long id, int stars,
                     const char *comment, struct app_err *err)
{
    return stars_for(a, who, id, 0, stars, comment, err);
}

int ticket_ops_stars_link(struct arena *a, const char *token, int stars, const char *comment,
                          struct ticket *t, struct app_err *err)
{
    struct feedback_link l;
    if (link_ticket(a, token, &l, t, err))
        return -1;
    struct principal customer = {.id = t->customer_id, .role = ROLE_CUSTOMER};
    return stars_for(a, &customer, t->id, l.response_no, stars, comment, err);
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

static int update(struct arena *a, const struct principal *who, long long id,
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
    if (db_begin(err) || ticket_ops_load(a, who, id, true, &t, err) ||
        still_at(&t, p->if_version, err))
        return -1;
    enum ticket_status next = t.status;
    if (p->status >= 0) {
        const char *why;
        enum transition_refusal r = ticket_transition(
            t.status, ticket_set_event((enum ticket_status)p->status), who->role, &next, &why);
        if (refusal(r, why, err))
            return -1;
        if (next != t.status && db_tickets_set_status(t.id, next, err))
            return -1;
        /* Resolved or closed by staff: the customer is told (a reply that resolves
         * is mailed as the reply itself, in ticket_ops_message). */
        bool told = next != t.status && (next == TS_RESOLVED || next == TS_CLOSED);
        /* The notice of a resolution carries the links that rate the answer it stands
         * on, while that answer is not rated yet. */
        long long to_rate = 0;
        bool rated = true, helpful;
        int stars;
        const char *comment;
        if (told && next == TS_RESOLVED && t.response_sent && t.response_no > 0 &&
            db_tickets_feedback_on(a, t.id, t.response_no, &rated, &helpful, &stars, &comment, err))
            return -1;
        if (!rated)
            to_rate = t.response_no;
        if (told && (outbox_enqueue(t.id, next == TS_RESOLVED ? OUTBOX_RESOLVED : OUTBOX_CLOSED,
                                    NULL, to_rate, err) ||
                     ticket_notify_customer(t.customer_id, t.id,
                                            next == TS_RESOLVED ? "resolved" : "closed", err)))
            return -1;
    }
    if (p->priority && db_tickets_set_priority(t.id, p->priority, err))
        return -1;
    if ((next != t.status || p->priority) && sla_on_change(&t, next, p->priority, err))
        return -1;
    if (p->set_assignee && db_tickets_set_assignee(t.id, p->assignee_id, err))
        return -1;
    if (p->set_intent && db_tickets_set_intent(t.id, p->intent, err))
        return -1;
    /* The assignee as it is now: a new one learns the ticket is theirs. */
    long long assignee = p->set_assignee ? p->assignee_id : t.assignee_id;
    if (ticket_notify_assignee(t.id, assignee, who->id, err))
        return -1;
    return db_tickets_bump_version(t.id, NULL, err) || db_commit(err) ? -1 : 0;
}

struct update_call {
    struct arena *a;
    const struct principal *who;
    long long id;
    const struct ticket_patch *p;
};

static int update_body(void *ctx, struct app_err *err)
{
    const struct update_call *c = ctx;
    return update(c->a, c->who, c->id, c->p, err);
}

int ticket_ops_update(struct arena *a, const struct principal *who, long long id,
                      const struct ticket_patch *p, struct app_err *err)
{
    /* Each ticket's change is its own unit of work, run again on a conflict (a bulk
     * action's earlier tickets are committed: the whole request could not be). A
     * refused change leaves no transaction open behind it: a caller may go on to the
     * next ticket (the queue's bulk actions). */
    struct update_call c = {a, who, id, p};
    if (db_tx_retry(update_body, &c, err) == 0)
        return 0;
    db_rollback();
    return -1;
}
