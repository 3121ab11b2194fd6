/* ticket_mail: follow-up or new ticket, the key claimed with either. */
#include "ticket/ticket_mail.h"

#include <string.h>

#include "db/db.h"
#include "db/db_mail_inbound.h"
#include "ticket/ticket_ops.h"
#include "user/mail_account.h"

struct claim {
    const struct ticket_mail *m;
};

/* Inside the storing transaction: 1 when another delivery stored this mail first. */
static int claim_key(void *ctx, long long ticket_id, long long message_id, struct app_err *err)
{
    const struct ticket_mail *m = ((struct claim *)ctx)->m;
    int rc = db_mail_inbound_claim(m->key, ticket_id, message_id, m->from_addr,
                                   m->automatic && *m->automatic ? m->automatic : NULL, err);
    return rc == DB_DUPLICATE ? 1 : rc;
}

/* A follow-up on the sender's own ticket: 0 stored (or a duplicate), 1 when it
 * must be a new ticket instead (not theirs, missing, closed or full), -1. */
static int follow_up(struct arena *a, const struct principal *who, const struct ticket_mail *m,
                     const struct ticket_origin *o, struct ticket_mail_result *r,
                     struct app_err *err)
{
    struct ticket t;
    struct app_err e = {0};
    if (ticket_ops_load(a, who, m->ref_ticket, false, &t, &e)) {
        if (e.code != ERR_NOT_FOUND) {
            *err = e;
            return -1;
        }
        return 1;
    }
    if (t.customer_id != who->id)
        return 1;
    bool replayed = false;
    if (ticket_ops_message_from(a, who, t.id, m->body, o, &r->message_id, &replayed, &e)) {
        db_rollback();
        if (e.code == ERR_CONFLICT) /* closed, or the conversation is full */
            return 1;
        *err = e;
        return -1;
    }
    r->ticket_id = t.id;
    r->duplicate = replayed;
    if (replayed)
        r->message_id = 0;
    return 0;
}

int ticket_mail_receive(struct arena *a, const struct ticket_mail *m, struct ticket_mail_result *r,
                        struct app_err *err)
{
    memset(r, 0, sizeof *r);
    bool found = false;
    /* A second delivery costs one lookup, not a classification. */
    if (db_mail_inbound_find(m->key, &found, &r->ticket_id, err))
        return -1;
    if (found) {
        r->duplicate = true;
        return 0;
    }
    struct user u;
    if (user_for_mail(a, m->from_addr, m->from_name, &u, &r->new_customer, err))
        return -1;
    struct principal who = {.id = u.id, .role = u.role, .email = u.email, .name = u.name};
    struct claim c = {m};
    bool automatic = m->automatic && *m->automatic;
    struct ticket_origin o = {"mail", automatic ? m->automatic : NULL, claim_key, &c};
    if (m->ref_ticket > 0 && !r->new_customer) {
        int rc = follow_up(a, &who, m, &o, r, err);
        if (rc <= 0)
            return rc;
        r->message_id = 0;
    }
    bool replayed = false;
    if (ticket_ops_create_from(a, &who, m->subject, m->body, &o, &r->ticket_id, &replayed, err)) {
        db_rollback();
        return -1;
    }
    r->duplicate = replayed;
    /* Stored by another delivery meanwhile: name the ticket that one made. */
    return replayed ? db_mail_inbound_find(m->key, &found, &r->ticket_id, err) : 0;
}
