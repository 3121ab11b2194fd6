/* ticket_attach: limits, quota, storage and visibility of attachments. */
#include "ticket/ticket_attach.h"

#include <openssl/rand.h>
#include <string.h>
#include <time.h>

#include "core/mac.h"
#include "db/db.h"
#include "db/db_tickets.h"
#include "pipeline/pipeline.h"
#include "ticket/ticket_ops.h"

#define PUBLIC_ID_BYTES 16 /* 128 random bits: a name nobody guesses */

int ticket_attach_check(struct arena *a, struct attach_set *set, struct app_err *err)
{
    if (set->n == 0)
        return 0;
    const struct settings *s;
    if (pipeline_live_settings(&s, err))
        return -1;
    if (set->n > s->attachment_max_files) {
        return err_field_code(err, ERR_TOO_LARGE, set->files[0].field,
                              "holds more than %lld files (at most %lld at once)",
                              (long long)set->n, s->attachment_max_files);
    }
    if (!(set->verdicts = arena_calloc(a, (size_t)set->n, sizeof *set->verdicts)))
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < set->n; i++) {
        const struct attach_file *f = &set->files[i];
        if ((long long)f->len > s->attachment_max_bytes) {
            return err_field_code(err, ERR_TOO_LARGE, f->field, "%s is larger than %lld bytes",
                                  f->filename ? f->filename : "a file", s->attachment_max_bytes);
        }
    }
    /* Every file is checked, so the 422 names each bad one. */
    int bad = 0;
    for (int i = 0; i < set->n; i++) {
        const struct attach_file *f = &set->files[i];
        struct app_err one;
        err_clear(&one);
        if (attach_check(a, f->field, f->filename, f->content_type, f->data, f->len,
                         &set->verdicts[i], &one) == 0)
            continue;
        if (one.code != ERR_VALIDATION) {
            *err = one;
            return -1;
        }
        bad++;
        err_field(err, f->field, "%s", one.fields[0].message);
    }
    return bad ? -1 : 0;
}

/* A customer's attachments count against attachment_quota_mb per clock hour (staff
 * are exempt): 429 with the seconds to the next hour. */
static int quota(const struct principal *who, long long bytes, const struct settings *s,
                 struct app_err *err)
{
    if (who->role != ROLE_CUSTOMER || bytes == 0)
        return 0;
    long long total = 0;
    if (db_attachments_quota(who->id, (long long)(time(NULL) / 3600), bytes, &total, err))
        return -1;
    if (s->attachment_quota_mb <= 0 || total <= s->attachment_quota_mb << 20)
        return 0;
    err_set(err, ERR_RATE_LIMITED, "too many attachments this hour (%lld MiB); try again later",
            s->attachment_quota_mb);
    err->retry_after = (int)(3600 - time(NULL) % 3600);
    return -1;
}

int ticket_attach_store(struct arena *a, const struct principal *who, long long ticket_id,
                        long long message_id, const struct attach_set *set, struct attachment **out,
                        struct app_err *err)
{
    if (out)
        *out = NULL;
    if (!set || set->n == 0)
        return 0;
    const struct settings *s;
    long long have = 0, bytes = 0;
    if (pipeline_live_settings(&s, err) || db_attachments_count(ticket_id, &have, err))
        return -1;
    if (have + set->n > s->attachment_max_per_ticket) {
        return err_field_code(err, ERR_TOO_LARGE, set->files[0].field,
                              "would make more than %lld files on the ticket (it has %lld)",
                              s->attachment_max_per_ticket, have);
    }
    for (int i = 0; i < set->n; i++)
        bytes += (long long)set->files[i].len;
    if (quota(who, bytes, s, err))
        return -1;
    struct attachment *rows = arena_calloc(a, (size_t)set->n, sizeof *rows);
    if (!rows)
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < set->n; i++) {
        unsigned char raw[PUBLIC_ID_BYTES];
        char *pid = arena_alloc(a, 2 * PUBLIC_ID_BYTES + 1);
        if (!pid)
            return err_unavailable(err, "out of memory");
        if (RAND_bytes(raw, sizeof raw) != 1)
            return err_internal(err, "RAND_bytes failed");
        mac_to_hex(raw, sizeof raw, pid);
        const struct attach_verdict *v = &set->verdicts[i];
        rows[i] = (struct attachment){
            .public_id = pid,
            .ticket_id = ticket_id,
            .message_id = message_id,
            .uploader_id = who->id,
            .name = v->name,
            .content_type = v->content_type,
            .width = v->image ? v->width : 0,
            .height = v->image ? v->height : 0,
        };
        if (db_attachments_insert(&rows[i], set->files[i].data, set->files[i].len, err))
            return -1;
    }
    if (out)
        *out = rows;
    return 0;
}

/* Files go on a message only by its author, on its own ticket. */
static int own_message(const struct principal *who, long long ticket_id, long long message_id,
                       struct app_err *err)
{
    long long on = 0, author = 0;
    bool found = false;
    if (db_attachments_message(message_id, &on, &author, &found, err))
        return -1;
    if (!found || on != ticket_id || author != who->id)
        return err_field(err, "message_id", "is not a message of yours on this ticket");
    return 0;
}

int ticket_attach_add(struct arena *a, const struct principal *who, long long ticket_id,
                      long long message_id, struct attach_set *set, struct attachment **out,
                      struct app_err *err)
{
    struct ticket t;
    if (set->n == 0)
        return err_field(err, "file", "is required: send at least one file");
    if (ticket_attach_check(a, set, err) || db_begin(err) ||
        ticket_ops_load(a, who, ticket_id, true, &t, err))
        return -1;
    if (t.status == TS_CLOSED)
        return err_set(err, ERR_CONFLICT, "this ticket is closed; open a new ticket");
    if ((message_id > 0 && own_message(who, t.id, message_id, err)) ||
        ticket_attach_store(a, who, t.id, message_id, set, out, err) ||
        db_tickets_bump_version(t.id, NULL, err) || db_commit(err))
        return -1;
    return 0;
}

int ticket_attach_list(struct arena *a, const struct principal *who, long long ticket_id,
                       struct attachment **out, int *n, struct app_err *err)
{
    if (db_attachments_of_ticket(a, ticket_id, 1000, out, n, err))
        return -1;
    if (!ticket_ops_is_staff(who)) {
        int kept = 0;
        for (int i = 0; i < *n; i++)
            if (!(*out)[i].internal)
                (*out)[kept++] = (*out)[i];
        *n = kept;
    }
    return 0;
}

/* A public id has the shape we make: 32 lower-case hex digits. */
static bool public_id_ok(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 2 * PUBLIC_ID_BYTES;
}

int ticket_attach_fetch(struct arena *a, const struct principal *who, long long ticket_id,
                        const char *public_id, struct attachment *at, struct buf *body,
                        struct app_err *err)
{
    bool found = false;
    struct ticket t;
    if (!public_id_ok(public_id))
        return err_set(err, ERR_NOT_FOUND, "no such attachment");
    if (db_attachments_by_public(a, public_id, at, &found, err))
        return -1;
    /* Another customer's file, a note's file for a customer, or a file of another
     * ticket than the path names: 404, exactly like a missing one. */
    if (!found || (ticket_id > 0 && at->ticket_id != ticket_id) ||
        (at->internal && !ticket_ops_is_staff(who)))
        return err_set(err, ERR_NOT_FOUND, "no such attachment");
    struct app_err hidden;
    err_clear(&hidden);
    if (ticket_ops_load(a, who, at->ticket_id, false, &t, &hidden)) {
        if (hidden.code == ERR_NOT_FOUND)
            return err_set(err, ERR_NOT_FOUND, "no such attachment");
        *err = hidden;
        return -1;
    }
    return db_attachments_read(at->id, body, err);
}
