/* answers: POST /api/answers/suggest — the answer a ticket would get automatically,
 * before it is filed (for the new-ticket page and a shop's widget; no sign-in) — and
 * POST /api/answers/deflected — "Yes, that solved it", counted once per answer. */
#include "core/config.h"
#include "http/cors.h"
#include "ticket/ticket_deflect.h"
#include "ticket/ticket_fields.h"
#include "tickets.h"
#include "json/jbuild.h"

int answers_suggest(struct request *req, struct response *res, struct app_err *err)
{
    /* The same subject and body a ticket takes (priority is not asked). */
    struct field_value v[TF_CREATE_N];
    struct deflect_answer d;
    if (validate_json(req->json, ticket_create_fields, TF_PRIORITY, v, err) ||
        ticket_deflect_suggest(req->arena, NULL, v[TF_SUBJECT].s, v[TF_BODY].s, &d, err))
        return -1;
    struct jbuild o;
    jb_object(&o, req->arena);
    jb_str(&o, "answer", d.found ? d.answer : NULL);
    jb_str(&o, "token", d.found ? d.token : NULL);
    return cors_headers(req, res, g_config.widget_origins) || response_json(res, 200, jb_finish(&o))
               ? err_unavailable(err, "out of memory")
               : 0;
}

int answers_deflected(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec fields[] = {
        {"token", FT_STRING, FS_REQUIRED | FS_BYTES, 1, DEFLECT_TOKEN_MAX - 1, 0, 0, NULL},
    };
    struct field_value v[1];
    bool counted = false;
    if (validate_json(req->json, fields, 1, v, err) || ticket_deflect_count(v[0].s, &counted, err))
        return -1;
    struct jbuild o;
    jb_object(&o, req->arena);
    jb_bool(&o, "counted", counted);
    return cors_headers(req, res, g_config.widget_origins) || response_json(res, 200, jb_finish(&o))
               ? err_unavailable(err, "out of memory")
               : 0;
}

int answers_preflight(struct request *req, struct response *res, struct app_err *err)
{
    return cors_preflight(req, res, g_config.widget_origins) ? err_unavailable(err, "out of memory")
                                                             : 0;
}
