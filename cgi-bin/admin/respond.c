/* respond: the JSON answer every admin handler writes (lists: page_respond). */
#include "admin.h"

int api_respond(struct response *res, int status, struct json_object *o, struct app_err *err)
{
    if (!o)
        return err_unavailable(err, "out of memory");
    return response_json(res, status, o) ? err_unavailable(err, "out of memory") : 0;
}
