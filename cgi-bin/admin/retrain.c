/* retrain: POST /api/admin/retrain — rebuild the model now; every worker switches on its next
 * request. */
#include <json.h>

#include "admin.h"
#include "pipeline/retrain.h"

int api_retrain(struct request *req, struct response *res, struct app_err *err)
{
    struct train_summary s;
    if (retrain_now(req->user.id, &s, err))
        return -1;
    json_object *o = json_object_new_object();
    if (!o)
        return err_unavailable(err, "out of memory");
    const struct {
        const char *key;
        long long value;
    } fields[] = {
        {"model_version", s.version},    {"intents", s.intents},   {"examples", s.examples},
        {"resolved_tickets", s.tickets}, {"train_ms", s.train_ms},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_object *v = json_object_new_int64(fields[i].value);
        if (!v || json_object_object_add(o, fields[i].key, v)) {
            json_object_put(v);
            json_object_put(o);
            return err_unavailable(err, "out of memory");
        }
    }
    return api_respond(res, 200, o, err);
}
