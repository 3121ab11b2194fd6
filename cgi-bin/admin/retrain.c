/* retrain: POST /api/admin/retrain — rebuild the model now; every worker switches on its next
 * request. */
#include "pipeline/retrain.h"
#include "admin.h"
#include "json/jbuild.h"

int api_retrain(struct request *req, struct response *res, struct app_err *err)
{
    struct train_summary s;
    if (retrain_now(req->arena, req->user.id, &s, err))
        return -1;
    struct jbuild jb;
    jb_object(&jb, req->arena);
    jb_int(&jb, "model_version", s.version);
    jb_int(&jb, "intents", s.intents);
    jb_int(&jb, "examples", s.examples);
    jb_int(&jb, "resolved_tickets", s.tickets);
    jb_int(&jb, "negatives", s.negatives);
    jb_int(&jb, "train_ms", s.train_ms);
    return api_respond(res, 200, jb_finish(&jb), err);
}
