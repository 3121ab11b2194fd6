/* view_intent: JSON for intents. */
#include "view/view_intent.h"

#include <json.h>

#include "intent/intent_guard.h"
#include "json/jbuild.h"

struct json_object *view_intent(const struct intent *in)
{
    struct jbuild jb;
    jb_init(&jb);
    jb_str(&jb, "name", in->name);
    jb_str(&jb, "description", in->description ? in->description : "");
    if (in->examples) {
        json_object *ex = json_object_new_array();
        for (int i = 0; ex && i < in->nexamples; i++)
            if (jb_append(ex, json_object_new_string(in->examples[i]))) {
                json_object_put(ex);
                ex = NULL;
            }
        jb_child(&jb, "examples", ex);
    }
    jb_str(&jb, "response_template", in->response_template ? in->response_template : "");
    jb_bool(&jb, "auto_resolve", in->auto_resolve);
    if (in->has_threshold)
        jb_dbl(&jb, "threshold", in->threshold);
    else
        jb_null(&jb, "threshold");
    jb_bool(&jb, "auto_paused", in->auto_paused);
    jb_str(&jb, "paused_reason", in->paused_reason ? in->paused_reason : "");
    double p = intent_measured_precision(in);
    if (p >= 0)
        jb_dbl(&jb, "measured_precision", p);
    else
        jb_null(&jb, "measured_precision");
    jb_int(&jb, "rated_auto_resolutions", in->auto_helpful + in->auto_unhelpful);
    return jb_finish(&jb);
}
