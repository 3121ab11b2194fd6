/* decision: the one pure function that decides AUTO_RESOLVE / SUGGEST / ESCALATE. */
#ifndef DESKPILOT_AI_DECISION_H
#define DESKPILOT_AI_DECISION_H

#include <stdbool.h>
#include <stddef.h>

#include "ai/resolver.h"

enum ai_decision {
    AI_DECISION_ESCALATE = 0,
    AI_DECISION_SUGGEST,
    AI_DECISION_AUTO_RESOLVE,
};

/* An intent's admin settings. */
struct ai_intent_settings {
    bool auto_resolve;  /* the admin allows automatic answers for it */
    bool has_threshold; /* false: the global confidence_threshold applies */
    double threshold;   /* its own threshold, 0..1 */
    bool auto_paused;   /* paused automatically (e.g. measured precision dropped) */
};

struct ai_global_settings {
    double confidence_threshold; /* default 0.75 */
    double similarity_threshold;
};

struct ai_decision_input {
    const char *intent;                        /* top intent, NULL when none */
    double confidence;                         /* its calibrated probability */
    const struct ai_intent_settings *settings; /* NULL: intent unknown to the admin tables */
    const struct ai_resolution *reply;         /* the resolver's output, NULL when none */
    const struct ai_global_settings *global;   /* NULL: defaults (0.75) */
    const char *threshold_note;                /* how the threshold was chosen, for the reason
                                                  (e.g. " (chosen at 97% target precision)");
                                                  NULL: " (the intent's own threshold)" when the
                                                  intent has one, else nothing */
};

/* AUTO_RESOLVE only when the intent allows it, is not paused, confidence >=
 * its threshold (own, else global) and the reply may be sent automatically;
 * SUGGEST when there is a reply worth showing an agent; ESCALATE otherwise.
 * reason (may be NULL) gets a sentence naming the numbers, e.g.
 * "confidence 0.91 >= 0.75 for intent card_arrival". Pure: no I/O, no globals. */
enum ai_decision ai_decide(const struct ai_decision_input *in, char *reason, size_t reason_len);

/* "AUTO_RESOLVE", "SUGGEST", "ESCALATE" (API names). */
const char *ai_decision_name(enum ai_decision d);

#endif
