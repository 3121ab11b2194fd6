/* web_attach: attachments out to browsers and API clients. */
#include "web/web_attach.h"

#include <json.h>
#include <string.h>

#include "pipeline/pipeline.h"

int web_attachment_send(struct request *req, struct response *res, long long ticket_id,
                        const char *public_id, struct app_err *err)
{
    struct attachment at;
    buf_reset(&res->body);
    if (ticket_attach_fetch(req->arena, &req->user, ticket_id, public_id, &at, &res->body, err)) {
        buf_reset(&res->body);
        return -1;
    }
    const char *disposition = attach_disposition(req->arena, at.name);
    res->status = 200;
    /* text/plain: the serialiser adds "; charset=utf-8" (attach_check made sure). */
    res->content_type = arena_strdup(req->arena, at.content_type);
    if (!disposition || !res->content_type || res->body.failed ||
        response_header(res, "Content-Disposition", disposition) ||
        response_header(res, "X-Content-Type-Options", "nosniff") ||
        response_header(res, "Content-Security-Policy", "default-src 'none'; sandbox") ||
        response_header(res, "Cache-Control", "private, max-age=0") ||
        response_header(res, "Cross-Origin-Resource-Policy", "same-origin")) {
        buf_reset(&res->body);
        return err_unavailable(err, "out of memory");
    }
    return 0;
}

/* "12 KB", "3.4 MB": sizes as people read them. */
static const char *size_text(struct arena *a, long long n)
{
    if (n < 1024)
        return arena_printf(a, "%lld bytes", n);
    if (n < 1024 * 1024)
        return arena_printf(a, "%lld KB", (n + 1023) / 1024);
    if (n % (1024 * 1024) == 0)
        return arena_printf(a, "%lld MB", n / (1024 * 1024));
    return arena_printf(a, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

struct json_object *web_attachments_json(struct arena *a, const struct attachment *at, int n)
{
    struct jbuild list;
    jb_array(&list, a);
    for (int i = 0; i < n && !list.failed; i++) {
        struct jbuild o;
        jb_object(&o, a);
        jb_str(&o, "name", at[i].name);
        jb_text(&o, "size_text", size_text(a, at[i].size));
        jb_text(&o, "url", arena_printf(a, "/files/%s", at[i].public_id));
        jb_id(&o, "message_id", at[i].message_id);
        bool image = at[i].width > 0 && at[i].height > 0;
        jb_bool(&o, "is_image", image);
        if (image) { /* the longer side WEB_THUMB_SIDE at most, the ratio kept */
            long long w = at[i].width, h = at[i].height, side = w > h ? w : h;
            if (side > WEB_THUMB_SIDE) {
                w = w * WEB_THUMB_SIDE / side;
                h = h * WEB_THUMB_SIDE / side;
            }
            jb_int(&o, "thumb_width", w > 0 ? w : 1);
            jb_int(&o, "thumb_height", h > 0 ? h : 1);
        }
        jb_push_child(&list, jb_finish(&o));
    }
    return jb_finish(&list);
}

/* The files of message_id (0: the ticket's own) as "files" and "has_files" of o. */
static void put_files(struct arena *a, struct json_object *o, const struct attachment *at, int n,
                      long long message_id, bool *failed)
{
    struct attachment *mine = arena_calloc(a, n ? (size_t)n : 1, sizeof *mine);
    int k = 0;
    for (int i = 0; mine && i < n; i++)
        if (at[i].message_id == message_id)
            mine[k++] = at[i];
    struct jbuild jb;
    jb_extend(&jb, a, o);
    jb_child(&jb, "files", mine ? web_attachments_json(a, mine, k) : NULL);
    jb_bool(&jb, "has_files", k > 0);
    if (!jb_finish(&jb))
        *failed = true;
}

int web_ticket_files(struct arena *a, const struct principal *viewer, struct json_object *t,
                     long long ticket_id, struct app_err *err)
{
    struct attachment *at = NULL;
    int n = 0;
    bool failed = false;
    if (!t)
        return err_unavailable(err, "out of memory");
    if (ticket_attach_list(a, viewer, ticket_id, &at, &n, err))
        return -1;
    put_files(a, t, at, n, 0, &failed);
    struct json_object *list, *id;
    if (json_object_object_get_ex(t, "messages", &list))
        for (size_t i = 0; i < json_object_array_length(list); i++) {
            struct json_object *m = json_object_array_get_idx(list, i);
            json_object_object_get_ex(m, "id", &id);
            put_files(a, m, at, n, json_object_get_int64(id), &failed);
        }
    return failed ? err_unavailable(err, "out of memory") : 0;
}

int web_attach_hint(struct jbuild *d, struct arena *a, struct app_err *err)
{
    const struct settings *s;
    if (pipeline_live_settings(&s, err))
        return -1;
    jb_text(d, "attach_hint",
            arena_printf(a, "Optional. Up to %lld files of %s each: %s.", s->attachment_max_files,
                         size_text(a, s->attachment_max_bytes), attach_allowed_types()));
    return 0;
}
