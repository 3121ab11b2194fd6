/* agent_ticket: /agent/tickets/{id} — one ticket for staff: the conversation, the
 * pipeline's decision and reason, the similar resolved ticket, the editable
 * suggestion (send or resolve), assignment, priority and intent. */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/num.h"
#include "intent/intent_input.h"
#include "intent/intent_list.h"
#include "outbox/outbox.h"
#include "pages.h"
#include "ticket/macros.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "web/web_attach.h"

#define INTENTS_MAX 200

/* What the agent typed, kept when the page comes back with errors; or the macro
 * picked to start the reply with (macro > 0, body NULL). */
struct draft {
    const char *body;
    bool reusable;
    long long macro;
};

static json_object *macro_option(struct arena *a, int i, const void *ctx)
{
    const struct macro *m = (const struct macro *)ctx + i;
    struct jbuild o;
    jb_object(&o, a);
    jb_int(&o, "value", m->id);
    jb_str(&o, "label", m->title);
    return jb_finish(&o);
}

/* The macros to pick from; *draft becomes the one picked (dr->macro), filled in for t. */
static int put_macros(struct request *req, const struct ticket *t, const struct draft *dr,
                      const char **draft, struct jbuild *d, struct app_err *err)
{
    struct macro *m = NULL;
    int n = 0;
    if (macros_list(req->arena, &m, &n, err))
        return -1;
    jb_child(d, "macros", jb_rows(req->arena, n, macro_option, m));
    jb_bool(d, "has_macros", n > 0);
    for (int i = 0; dr && dr->macro > 0 && i < n; i++)
        if (m[i].id == dr->macro) {
            if (!(*draft = macros_render(req->arena, &m[i], t)))
                return err_unavailable(err, "out of memory");
            jb_str(d, "macro_used", m[i].title);
            return 0;
        }
    if (dr && dr->macro != 0)
        jb_bool(d, "macro_missing", true);
    return 0;
}

struct staff_rows {
    const struct web_people *p;
    long long current;
};

static json_object *staff_option(struct arena *a, int i, const void *ctx)
{
    const struct staff_rows *r = ctx;
    const struct user *u = &r->p->staff[i];
    struct jbuild o;
    jb_object(&o, a);
    jb_int(&o, "value", u->id);
    /* Two of the staff with one name are told apart by their address. */
    bool twin = false;
    for (int k = 0; k < r->p->nstaff && !twin; k++)
        twin =
            k != i && u->name && r->p->staff[k].name && strcmp(u->name, r->p->staff[k].name) == 0;
    jb_str(&o, "label",
           twin      ? arena_printf(a, "%s (%s)", u->name, u->email)
           : u->name ? u->name
                     : "");
    jb_bool(&o, "selected", u->id == r->current);
    return jb_finish(&o);
}

static json_object *intent_names(struct arena *a, const struct intent *in, int n)
{
    struct jbuild arr;
    jb_array(&arr, a);
    for (int i = 0; i < n; i++)
        jb_push_str(&arr, in[i].name ? in[i].name : "");
    jb_push_str(&arr, INTENT_OTHER);
    return jb_finish(&arr);
}

/* Below this a "similar" ticket is mostly a different question: not worth an agent's
 * click (one at 51 % was an unrelated ticket). One the answer came from is shown. */
#define SIMILAR_SHOWN_MIN 0.6

/* The similar resolved ticket the decision leaned on, if it still exists. */
static void put_similar(struct request *req, const struct ticket *t, struct jbuild *d)
{
    bool answered_from = t->response_source && strcmp(t->response_source, "similar_ticket") == 0;
    if (t->similar_ticket_id <= 0 ||
        (!answered_from && t->has_similarity && t->similarity < SIMILAR_SHOWN_MIN))
        return;
    struct ticket s;
    struct app_err e;
    err_clear(&e);
    struct jbuild o;
    jb_object(&o, req->arena);
    jb_int(&o, "id", t->similar_ticket_id);
    jb_text(&o, "url", arena_printf(req->arena, "/agent/tickets/%lld", t->similar_ticket_id));
    if (ticket_ops_load(req->arena, &req->user, t->similar_ticket_id, false, &s, &e) == 0)
        jb_str(&o, "subject", s.subject ? s.subject : "");
    if (t->has_similarity) {
        char pct[16];
        snprintf(pct, sizeof pct, "%.0f%%", t->similarity * 100.0);
        jb_str(&o, "similarity_pct", pct);
    }
    jb_child(d, "similar", jb_finish(&o));
}

static int render(struct request *req, struct response *res, int status, long long id,
                  const struct draft *dr, const struct app_err *errors, struct app_err *err)
{
    struct ticket t;
    struct ticket_message *m = NULL;
    struct intent *in = NULL;
    int n = 0, nin = 0;
    struct web_people people;
    if (ticket_ops_read(req->arena, &req->user, id, &t, &m, &n, err) ||
        pages_staff(req, &people, err) ||
        intent_list(req->arena, false, &(struct page){.limit = INTENTS_MAX}, &in, &nin, NULL, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    json_object *tj = web_ticket_json(req->arena, &t, &req->user, m, n, &people);
    if (web_ticket_files(req->arena, &req->user, tj, t.id, err) ||
        web_attach_hint(&d, req->arena, err))
        return -1;
    jb_child(&d, "t", tj);
    /* The customer turned the current answer down: say so with their words, and do
     * not offer the same answer again as the reply. */
    struct ticket_rating rating;
    if (ticket_ops_rating(req->arena, &req->user, &t, &rating, err))
        return -1;
    bool rejected = rating.rated && !rating.helpful;
    if (rejected) {
        struct jbuild r;
        jb_object(&r, req->arena);
        jb_str(&r, "comment", rating.comment && *rating.comment ? rating.comment : NULL);
        jb_child(&d, "rejection", jb_finish(&r));
    }
    const char *draft = dr && dr->macro == 0 ? dr->body : rejected ? NULL : t.response;
    if (put_macros(req, &t, dr, &draft, &d, err))
        return -1;
    jb_str(&d, "draft", draft ? draft : "");
    jb_bool(&d, "reusable", dr && dr->reusable);
    struct staff_rows staff = {&people, t.assignee_id};
    jb_child(&d, "staff", jb_rows(req->arena, people.nstaff, staff_option, &staff));
    jb_bool(&d, "assigned_to_me", t.assignee_id == req->user.id);
    /* A page based on an older version: say so above the fresh one. */
    jb_bool(&d, "stale", errors && errors->code == ERR_PRECONDITION);
    /* Who else has this ticket open (marked by this view too). */
    const char **viewers = NULL;
    int nviewers = 0;
    if (ticket_ops_viewing(req->arena, &req->user, t.id, &viewers, &nviewers, err))
        return -1;
    if (nviewers) {
        struct buf names;
        buf_init(&names);
        for (int i = 0; i < nviewers; i++)
            buf_printf(&names, "%s%s", i ? ", " : "", viewers[i]);
        jb_str(&d, "viewers", names.failed ? "" : names.data);
        buf_cleanup(&names);
    }
    /* What the customer was sent by mail, or will be (the outbox). */
    struct outbox_row *mails = NULL;
    int nmails = 0;
    if (outbox_of_ticket(req->arena, &req->user, t.id, &mails, &nmails, err))
        return -1;
    jb_bool(&d, "has_mails", nmails > 0);
    if (nmails)
        jb_child(&d, "mails", jb_rows(req->arena, nmails, pages_mail_row, mails));
    jb_child(&d, "priorities",
             pages_options(req->arena, ticket_priorities, pages_priority_labels, t.priority));
    jb_child(&d, "intents", intent_names(req->arena, in, nin));
    put_similar(req, &t, &d);
    const char *title = arena_printf(req->arena, "Ticket #%lld", t.id);
    return pages_show(req, res, status, "agent_ticket", title, "queue", &d, errors, err);
}

/* The version the form was rendered with (0 when the form has none: any). */
static long long form_version(const struct web_form *f)
{
    long long v = 0;
    const char *s = web_form_get(f, "version");
    return s && num_parse_ll(s, 1, (1LL << 40), &v) == 0 ? v : 0;
}

/* A stale page is a 409 page (the API's 412 is for If-Match). */
static int page_status(const struct app_err *bad)
{
    return bad->code == ERR_PRECONDITION ? 409 : err_status(bad->code);
}

int page_agent_ticket(struct request *req, struct response *res, struct app_err *err)
{
    /* ?macro=ID (the picker's form): the reply box starts with that macro. */
    struct draft dr = {NULL, false, 0};
    const char *macro = request_query(req, "macro");
    if (macro && num_parse_ll(macro, 1, (1LL << 62), &dr.macro))
        dr.macro = -1; /* not a macro's number: said so like a deleted one */
    return render(req, res, 200, pages_path_id(req), macro ? &dr : NULL, NULL, err);
}

int page_agent_reply(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const actions[] = {"send", "resolve", "note", NULL};
    enum { F_BODY, F_ACTION, NFIELDS };
    static const struct field_spec fields[NFIELDS] = {
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_ACTION] = {"action", FT_STRING, FS_REQUIRED, 1, 16, 0, 0, actions},
    };
    struct web_form f;
    struct field_value v[NFIELDS];
    struct app_err bad;
    struct attach_set files;
    long long id = pages_path_id(req), mid = 0;
    int rc = pages_form_fields(req, &f, fields, NFIELDS, v, &bad);
    if (rc == 0)
        rc = web_form_files(req->arena, &f, "files", &files, &bad);
    /* A checkbox is present when ticked, whatever its value. */
    struct draft dr = {web_form_get(&f, "body"), web_form_get(&f, "reusable") != NULL, 0};
    bool resolve = rc == 0 && strcmp(v[F_ACTION].s, "resolve") == 0;
    bool note = rc == 0 && strcmp(v[F_ACTION].s, "note") == 0;
    long long version = form_version(&f);
    if (rc ||
        (note ? ticket_ops_note_files(req->arena, &req->user, id, v[F_BODY].s, version, &files,
                                      &mid, &bad)
              : ticket_ops_message_files(req->arena, &req->user, id, v[F_BODY].s, resolve,
                                         resolve && dr.reusable, version, &files, &mid, &bad)))
        return pages_form_failed(&bad, ERR_FORBIDDEN, err)
                   ? render(req, res, page_status(&bad), id, &dr, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/agent/tickets/%lld?done=%s", id,
                          resolve ? "resolved"
                          : note  ? "noted"
                                  : "replied");
}

/* assignee: "me", "none" or a staff member's id, into p; a field error otherwise. */
static int assignee(const struct request *req, const char *who, struct ticket_patch *p,
                    struct app_err *bad)
{
    p->set_assignee = true;
    if (strcmp(who, "me") == 0)
        p->assignee_id = req->user.id;
    else if (strcmp(who, "none") == 0)
        p->assignee_id = 0;
    else if (num_parse_ll(who, 1, (1LL << 62), &p->assignee_id))
        return err_field(bad, "assignee_id", "must be an active agent or admin");
    return 0;
}

int page_agent_update(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_PRIORITY, F_INTENT, NFIELDS };
    static const struct field_spec fields[NFIELDS] = {
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, ticket_priorities},
        [F_INTENT] = {"intent", FT_STRING, FS_TRIM, 0, 64, 0, 0, NULL},
    };
    struct web_form f;
    struct field_value v[NFIELDS];
    struct app_err bad;
    long long id = pages_path_id(req);
    struct ticket_patch p = {.status = -1};
    int rc = pages_form_fields(req, &f, fields, NFIELDS, v, &bad);
    const char *who = web_form_get(&f, "assignee");
    if (who && assignee(req, who, &p, &bad))
        rc = -1;
    if (rc == 0) {
        p.priority = v[F_PRIORITY].present ? v[F_PRIORITY].s : NULL;
        /* An emptied intent field clears the intent. */
        p.set_intent = v[F_INTENT].present;
        p.intent = v[F_INTENT].present && v[F_INTENT].len ? v[F_INTENT].s : NULL;
    }
    p.if_version = form_version(&f);
    if (rc || ticket_ops_update(req->arena, &req->user, id, &p, &bad))
        return pages_form_failed(&bad, ERR_FORBIDDEN, err)
                   ? render(req, res, page_status(&bad), id, NULL, &bad, err)
                   : -1;
    return pages_redirect(req, res, err, "/agent/tickets/%lld?done=updated", id);
}
