/* response: building and serialising one answer. */
#include "http/response.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "json/jbuild.h"

void response_init(struct response *res)
{
    memset(res, 0, sizeof *res);
    buf_init(&res->body);
}

void response_reset(struct response *res)
{
    struct buf keep = res->body;
    memset(res, 0, sizeof *res);
    res->body = keep;
    buf_reset(&res->body);
}

void response_cleanup(struct response *res)
{
    buf_cleanup(&res->body);
    response_init(res);
}

static int header_safe(const char *s)
{
    return s && strpbrk(s, "\r\n") == NULL;
}

int response_header(struct response *res, const char *name, const char *value)
{
    if (!header_safe(name) || !header_safe(value) || res->nheaders >= RES_MAX_HEADERS)
        return -1;
    res->hnames[res->nheaders] = name;
    res->hvalues[res->nheaders] = value;
    res->nheaders++;
    return 0;
}

int response_cookie(struct response *res, struct arena *a, const char *name, const char *value,
                    long long max_age, bool secure)
{
    char age[48] = "";
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%lld", max_age);
    const char *h = arena_printf(a, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
                                 age, secure ? "; Secure" : "");
    return h ? response_header(res, "Set-Cookie", h) : -1;
}

int response_json(struct response *res, int status, struct json_object *obj)
{
    size_t len;
    const char *s = jb_json(obj, &len);
    return s ? response_text(res, status, "application/json", s, len) : -1;
}

int response_text(struct response *res, int status, const char *content_type, const char *text,
                  size_t len)
{
    res->status = status;
    res->content_type = content_type;
    buf_reset(&res->body);
    return buf_append(&res->body, text, len);
}

int response_redirect(struct response *res, const char *location)
{
    if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
        return -1;
    res->status = 303;
    res->content_type = NULL;
    buf_reset(&res->body);
    return response_header(res, "Location", location);
}

int response_serialize(const struct response *res, struct buf *out)
{
    int status = res->status ? res->status : 500;
    buf_printf(out, "Status: %d %s\r\n", status, err_title(status));
    for (size_t i = 0; i < res->nheaders; i++)
        buf_printf(out, "%s: %s\r\n", res->hnames[i], res->hvalues[i]);
    if (res->content_type)
        buf_printf(out, "Content-Type: %s%s\r\n", res->content_type,
                   strncmp(res->content_type, "text/", 5) == 0 ? "; charset=utf-8" : "");
    buf_printf(out, "Content-Length: %zu\r\n\r\n", res->body.len);
    buf_append(out, buf_str(&res->body), res->body.len);
    return out->failed ? -1 : 0;
}
