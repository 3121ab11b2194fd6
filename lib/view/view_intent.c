/* view_intent: JSON for intents. */
#include "view/view_intent.h"

#include "intent/intent_guard.h"
#include "json/jbuild.h"

struct json_object *view_intent(struct arena *a, const struct intent *in)
{
    struct jbuild jb;
    jb_object(&jb, a);
    jb_str(&jb, "name", in->name);
    jb_str(&jb, "description", in->description ? in->description : "");
    if (in->examples) {
        struct jbuild ex;
        jb_array(&ex, a);
        for (int i = 0; i < in->nexamples; i++)
            jb_push_str(&ex, in->examples[i]);
        jb_child(&jb, "examples", jb_finish(&ex));
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
