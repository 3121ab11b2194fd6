/* problem: RFC 9457 bodies; private detail never reaches them. */
#include "http/problem.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

struct json_object *problem_json(const struct app_err *err)
{
    int status = err_status(err->code);
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    json_object_object_add(o, "type", json_object_new_string("about:blank"));
    json_object_object_add(o, "title", json_object_new_string(err_title(status)));
    json_object_object_add(o, "status", json_object_new_int(status));
    json_object_object_add(o, "code", json_object_new_string(err_code_name(err->code)));
    json_object_object_add(o, "detail",
                           json_object_new_string(err->detail[0] ? err->detail : err_title(status)));
    if (err->code == ERR_VALIDATION) {
        json_object *list = json_object_new_array();
        for (int i = 0; list && i < err->nfields; i++) {
            json_object *f = json_object_new_object();
            json_object_object_add(f, "field", json_object_new_string(err->fields[i].field));
            json_object_object_add(f, "message", json_object_new_string(err->fields[i].message));
            json_object_array_add(list, f);
        }
        json_object_object_add(o, "errors", list);
    }
    return o;
}

void problem_write(struct response *res, const struct app_err *err)
{
    static char retry[16];
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
        snprintf(retry, sizeof retry, "%d", err->retry_after > 0 ? err->retry_after : 5);
        response_header(res, "Retry-After", retry);
    }
}
