/* outbox: queueing a mail with its change, and the admins' list and retry. */
#include "outbox/outbox.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/mac.h"
#include "db/db.h"
#include "db/db_audit.h"

const char *outbox_kind_name(enum outbox_kind k)
{
    static const char *const names[] = {"auto_answer",    "reply",      "resolved",      "closed",
                                        "password_reset", "new_ticket", "ticket_changed"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "reply";
}

bool outbox_enabled(void)
{
    return g_config.mail_from[0] != '\0';
}

/* The Message-ID's random part: nobody can guess our next id (and so forge a reply
 * that threads into another customer's ticket by it). */
static int new_nonce(char nonce[OUTBOX_NONCE_LEN + 1], struct app_err *err)
{
    unsigned char raw[OUTBOX_NONCE_LEN / 2];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return err_internal(err, "no random bytes for a Message-ID");
    mac_to_hex(raw, sizeof raw, nonce);
    return 0;
}

int outbox_enqueue(long long ticket_id, enum outbox_kind kind, const char *body,
                   long long response_no, struct app_err *err)
{
    char nonce[OUTBOX_NONCE_LEN + 1];
    if (!outbox_enabled())
        return 0;
    if (new_nonce(nonce, err))
        return -1;
    return db_outbox_insert(ticket_id, outbox_kind_name(kind), body, response_no, nonce, err);
}

int outbox_enqueue_staff(long long ticket_id, enum outbox_kind kind, long long actor_id,
                         struct app_err *err)
{
    char seed[OUTBOX_NONCE_LEN + 1];
    if (!outbox_enabled())
        return 0;
    if (new_nonce(seed, err))
        return -1;
    return kind == OUTBOX_NEW_TICKET ? db_outbox_insert_new_ticket(ticket_id, seed, err)
                                     : db_outbox_insert_assignee(ticket_id, actor_id, seed, err);
}

int outbox_enqueue_reset(long long reset_id, struct app_err *err)
{
    char nonce[OUTBOX_NONCE_LEN + 1];
    if (!outbox_enabled())
        return 0;
    return new_nonce(nonce, err) ? -1 : db_outbox_insert_reset(reset_id, nonce, err);
}

int outbox_list(struct arena *a, const char *status, const struct page *p, struct outbox_row **out,
                int *n, const char **next, struct app_err *err)
{
    if (status && !*status)
        status = NULL;
    if (status && strcmp(status, "queued") != 0 && strcmp(status, "sent") != 0 &&
        strcmp(status, "failed") != 0)
        return err_field(err, "status", "must be queued, sent or failed");
    if (db_outbox_list(a, status, p->after, p->limit + 1, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int outbox_of_ticket(struct arena *a, const struct principal *who, long long id,
                     struct outbox_row **out, int *n, struct app_err *err)
{
    *out = NULL;
    *n = 0;
    if (who->role != ROLE_AGENT && who->role != ROLE_ADMIN)
        return err_set(err, ERR_FORBIDDEN, "this needs the agent or admin role");
    return db_outbox_of_ticket(a, id, OUTBOX_PER_TICKET, out, n, err);
}

int outbox_retry(struct arena *a, long long actor_id, long long id, struct outbox_row *row,
                 struct app_err *err)
{
    bool found = false, requeued = false;
    if (id <= 0 || db_begin(err) || db_outbox_get(a, id, row, &found, err))
        return id <= 0 ? err_set(err, ERR_NOT_FOUND, "no such mail") : -1;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such mail");
    if (db_outbox_requeue(id, &requeued, err))
        return -1;
    if (!requeued)
        return err_set(err, ERR_CONFLICT, "only a failed mail can be sent again (this one is %s)",
                       row->status ? row->status : "gone");
    char target[32];
    snprintf(target, sizeof target, "outbox/%lld", id);
    const char *detail = arena_printf(a, "queued again after %lld attempts: %s", row->attempts,
                                      row->last_error ? row->last_error : "");
    if (!detail)
        return err_unavailable(err, "out of memory");
    if (db_audit_write(actor_id, "outbox.retry", target, detail, err) ||
        db_outbox_get(a, id, row, &found, err))
        return -1;
    return db_commit(err);
}
