/* problem: RFC 9457 bodies; private detail never reaches them. */
#include "http/problem.h"

#include "json/jbuild.h"

#include <stdio.h>
#include <string.h>

struct json_object *problem_json(struct arena *a, const struct app_err *err)
{
    int status = err_status(err->code);
    struct jbuild jb;
    jb_object(&jb, a);
    jb_str(&jb, "type", "about:blank");
    jb_str(&jb, "title", err_title(status));
    jb_int(&jb, "status", status);
    jb_str(&jb, "code", err_code_name(err->code));
    jb_str(&jb, "detail", err->detail[0] ? err->detail : err_title(status));
    if (err->code == ERR_VALIDATION || err->nfields) { /* a 400 may name its field too */
        struct jbuild list;
        jb_array(&list, a);
        for (int i = 0; !list.failed && i < err->nfields; i++) {
            struct jbuild f;
            jb_object(&f, a);
            jb_str(&f, "field", err->fields[i].field);
            jb_str(&f, "message", err->fields[i].message);
            jb_push_child(&list, jb_finish(&f));
        }
        jb_child(&jb, "errors", jb_finish(&list));
    }
    return jb_finish(&jb);
}

void problem_write(struct response *res, const struct app_err *err)
{
    int status = err_status(err->code);
    /* Its own arena: the request's may be the very thing that ran out. */
    struct arena scratch;
    arena_init(&scratch, 0);
    if (response_json(res, status, problem_json(&scratch, err)) != 0) {
        static const char fallback[] =
            "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            "\"code\":\"unavailable\",\"detail\":\"out of memory\"}";
        status = 503;
        response_text(res, status, NULL, fallback, sizeof fallback - 1);
    }
    arena_cleanup(&scratch);
    res->content_type = "application/problem+json";
    if (err->retry_after > 0 || status == 503) {
        snprintf(res->retry_after, sizeof res->retry_after, "%d",
                 err->retry_after > 0 ? err->retry_after : 5);
        response_header(res, "Retry-After", res->retry_after);
    }
}
