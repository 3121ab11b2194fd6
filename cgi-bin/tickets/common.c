/* common: path ids and the re-read answer shared by the ticket handlers. */
#include <json.h>

#include "core/num.h"
#include "http/if_match.h"
#include "ticket/ticket_attach.h"
#include "ticket/ticket_list.h"
#include "ticket/ticket_ops.h"
#include "tickets.h"
#include "view/view_ticket.h"
#include "json/jbuild.h"

long long tickets_path_id(const struct request *req)
{
    long long id;
    return num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id) ? 0 : id;
}

int tickets_render(struct request *req, long long id, bool with_messages, struct json_object **out,
                   struct app_err *err)
{
    struct ticket t;
    struct ticket_message *m = NULL;
    int n = 0;
    if (with_messages ? ticket_ops_read(req->arena, &req->user, id, &t, &m, &n, err)
                      : ticket_ops_load(req->arena, &req->user, id, false, &t, err))
        return -1;
    *out =
        view_ticket(req->arena, &t, ticket_ops_is_staff(&req->user), with_messages ? m : NULL, n);
    if (!*out)
        return err_unavailable(err, "out of memory");
    /* A ticket read whole lists its files too (a key added to the contract). */
    struct attachment *at = NULL;
    int nat = 0;
    if (!with_messages)
        return 0;
    if (ticket_attach_list(req->arena, &req->user, t.id, &at, &nat, err))
        return -1;
    struct jbuild jb;
    jb_extend(&jb, req->arena, *out);
    jb_child(&jb, "attachments", view_attachments(req->arena, at, nat));
    return jb_finish(&jb) ? 0 : err_unavailable(err, "out of memory");
}

int tickets_respond(struct request *req, struct response *res, long long id, int status,
                    bool with_messages, struct app_err *err)
{
    struct json_object *o, *v;
    if (tickets_render(req, id, with_messages, &o, err))
        return -1;
    /* The version as the entity tag a change may name in If-Match. */
    char etag[32];
    etag_of(json_object_object_get_ex(o, "version", &v) ? json_object_get_int64(v) : 0, etag,
            sizeof etag);
    const char *copy = arena_strdup(req->arena, etag);
    return !copy || response_header(res, "ETag", copy) || response_json(res, status, o)
               ? err_unavailable(err, "out of memory")
               : 0;
}

int tickets_mark_replay(struct response *res, bool replayed)
{
    return replayed ? response_header(res, "Idempotent-Replayed", "true") : 0;
}
