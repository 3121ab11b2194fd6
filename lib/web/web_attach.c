/* web_attach: attachments out to browsers and API clients. */
#include "web/web_attach.h"

#include <string.h>

#include "json/jbuild.h"

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
    res->content_type = strcmp(at.content_type, "text/plain") == 0
                            ? "text/plain; charset=utf-8"
                            : arena_strdup(req->arena, at.content_type);
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
