/* health: GET /api/health — is the database reachable, which model is loaded. */
#include "meta.h"
#include "service/service.h"
#include "json/jbuild.h"

int meta_health(struct request *req, struct response *res, struct app_err *err)
{
    long long version = 0;
    if (service_health(&version, err))
        return -1;
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_str(&jb, "status", "ok");
    jb_str(&jb, "db", "ok");
    if (version)
        jb_int(&jb, "model_version", version);
    else
        jb_null(&jb, "model_version");
    return response_json(res, 200, jb_finish(&jb)) ? err_unavailable(err, "out of memory") : 0;
}
