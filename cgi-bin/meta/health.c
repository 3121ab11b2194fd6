/* health: GET /api/health — is the database reachable, which model is loaded. */
#include <json.h>

#include "meta.h"
#include "service/service.h"

int meta_health(struct request *req, struct response *res, struct app_err *err)
{
    (void)req;
    long long version = 0;
    if (service_health(&version, err))
        return -1;
    json_object *o = json_object_new_object();
    if (!o)
        return err_unavailable(err, "out of memory");
    json_object_object_add(o, "status", json_object_new_string("ok"));
    json_object_object_add(o, "db", json_object_new_string("ok"));
    json_object_object_add(o, "model_version", version ? json_object_new_int64(version) : NULL);
    return response_json(res, 200, o) ? err_unavailable(err, "out of memory") : 0;
}
