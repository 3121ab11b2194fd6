/* threshold: which confidence an automatic answer must reach, and who chose it —
 * an admin (the intent's own threshold, else the global one), else the model for
 * the target precision (the intent's own estimate when it has enough data, else
 * the global one), else the configured default (a model too small to measure). */
#ifndef DESKPILOT_PIPELINE_THRESHOLD_H
#define DESKPILOT_PIPELINE_THRESHOLD_H

#include "ai/decision.h"
#include "ai/model.h"
#include "db/db_settings.h"

enum threshold_source {
    THR_INTENT_ADMIN, /* the intent's own, set by an admin */
    THR_ADMIN,        /* the global one, set by an admin */
    THR_MODEL_INTENT, /* chosen by the model for this intent at the target precision */
    THR_MODEL,        /* chosen by the model for all intents at the target precision */
    THR_DEFAULT,      /* the configured default */
};

struct threshold {
    double value;
    enum threshold_source source;
};

/* The threshold for intent (NULL: the global one) under settings g with the model m
 * (NULL: none yet). is: the intent's own settings (NULL: none). Pure. */
struct threshold threshold_for(const struct ai_model *m, const struct settings *g,
                               const struct ai_intent_settings *is, const char *intent);

/* "intent", "admin", "model_intent", "model", "default" (the API's names). */
const char *threshold_source_name(enum threshold_source s);

#endif
