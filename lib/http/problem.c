/* problem: RFC 9457 bodies; private detail never reaches them. */
#include "http/problem.h"

#include "json/jbuild.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

struct json_object *problem_json(const struct app_err *err)
{
    int status = err_status(err->code);
    struct jbuild jb;
    jb_init(&jb);
    jb_str(&jb, "type", "about:blank");
    jb_str(&jb, "title", err_title(status));
    jb_int(&jb, "status", status);
    jb_str(&jb, "code", err_code_name(err->code));
    jb_str(&jb, "detail", err->detail[0] ? err->detail : err_title(status));
    if (err->code == ERR_VALIDATION) {
        json_object *list = json_object_new_array();
        for (int i = 0; list && i < err->nfields; i++) {
            struct jbuild f;
            jb_init(&f);
            jb_str(&f, "field", err->fields[i].field);
            jb_str(&f, "message", err->fields[i].message);
            if (jb_append(list, jb_finish(&f))) {
                json_object_put(list);
                list = NULL;
            }
        }
        jb_child(&jb, "errors", list);
    }
    return jb_finish(&jb);
}

void problem_write(struct response *res, const struct app_err *err)
{
    int status = err_status(err->code);
    json_object *o = problem_json(err);
    if (!o || response_json(res, status, o) != 0) {
        static const char fallback[] =
            "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            "\"code\":\"unavailable\",\"detail\":\"out of memory\"}";
        status = 503;
        response_text(res, status, NULL, fallback, sizeof fallback - 1);
    }
    res->content_type = "application/problem+json";
    if (err->retry_after > 0 || status == 503) {
        snprintf(res->retry_after, sizeof res->retry_after, "%d",
                 err->retry_after > 0 ? err->retry_after : 5);
        response_header(res, "Retry-After", res->retry_after);
    }
}
