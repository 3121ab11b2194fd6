/* threshold: the order of precedence, in one place. */
#include "pipeline/threshold.h"

struct threshold threshold_for(const struct ai_model *m, const struct settings *g,
                               const struct ai_intent_settings *is, const char *intent)
{
    struct threshold t = {g->confidence_threshold, THR_DEFAULT};
    double v, precision, coverage;
    if (intent && is && is->has_threshold)
        t = (struct threshold){is->threshold, THR_INTENT_ADMIN};
    else if (g->confidence_threshold_set)
        t.source = THR_ADMIN;
    else if (m && intent &&
             ai_model_threshold(m, intent, g->auto_resolve_target_precision, &v, &precision,
                                &coverage) == 0)
        t = (struct threshold){v, THR_MODEL_INTENT};
    else if (m && ai_model_threshold(m, NULL, g->auto_resolve_target_precision, &v, &precision,
                                     &coverage) == 0)
        t = (struct threshold){v, THR_MODEL};
    return t;
}

const char *threshold_source_name(enum threshold_source s)
{
    switch (s) {
    case THR_INTENT_ADMIN:
        return "intent";
    case THR_ADMIN:
        return "admin";
    case THR_MODEL_INTENT:
        return "model_intent";
    case THR_MODEL:
        return "model";
    case THR_DEFAULT:
        break;
    }
    return "default";
}
