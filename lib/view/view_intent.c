/* view_intent: JSON for intents. */
#include "view/view_intent.h"

#include <json.h>

double intent_measured_precision(const struct intent *in)
{
    long long n = in->auto_helpful + in->auto_unhelpful;
    return n > 0 ? (double)in->auto_helpful / (double)n : -1.0;
}

struct json_object *view_intent(const struct intent *in)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    json_object_object_add(o, "name", json_object_new_string(in->name));
    json_object_object_add(o, "description", json_object_new_string(in->description ? in->description : ""));
    if (in->examples) {
        json_object *ex = json_object_new_array();
        for (int i = 0; ex && i < in->nexamples; i++)
            json_object_array_add(ex, json_object_new_string(in->examples[i]));
        json_object_object_add(o, "examples", ex);
    }
    json_object_object_add(o, "response_template",
                           json_object_new_string(in->response_template ? in->response_template : ""));
    json_object_object_add(o, "auto_resolve", json_object_new_boolean(in->auto_resolve));
    json_object_object_add(o, "threshold", in->has_threshold ? json_object_new_double(in->threshold) : NULL);
    json_object_object_add(o, "auto_paused", json_object_new_boolean(in->auto_paused));
    json_object_object_add(o, "paused_reason", json_object_new_string(in->paused_reason ? in->paused_reason : ""));
    double p = intent_measured_precision(in);
    json_object_object_add(o, "measured_precision", p >= 0 ? json_object_new_double(p) : NULL);
    json_object_object_add(o, "rated_auto_resolutions",
                           json_object_new_int64(in->auto_helpful + in->auto_unhelpful));
    return o;
}
