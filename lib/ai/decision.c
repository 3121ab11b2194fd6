/* decision: fixed-order checks, first failing one names the reason. */
#include "ai/decision.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_CONFIDENCE_THRESHOLD 0.75

const char *ai_decision_name(enum ai_decision d)
{
    switch (d) {
    case AI_DECISION_AUTO_RESOLVE:
        return "AUTO_RESOLVE";
    case AI_DECISION_SUGGEST:
        return "SUGGEST";
    default:
        return "ESCALATE";
    }
}

/* Print a and b with the fewest decimals (2, 4 or 6) that do not make a value
 * just below the threshold look equal to it ("0.7499 < 0.75", not "0.75 < 0.75"). */
static void fmt_pair(double a, double b, char *sa, char *sb, size_t n)
{
    for (int prec = 2; prec <= 6; prec += 2) {
        snprintf(sa, n, "%.*f", prec, a);
        snprintf(sb, n, "%.*f", prec, b);
        if ((float)a == (float)b || strcmp(sa, sb) != 0)
            return;
    }
}

static double clamp01(double x, double dflt)
{
    if (isnan(x))
        return dflt;
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

enum ai_decision ai_decide(const struct ai_decision_input *in, char *reason, size_t reason_len)
{
    char dummy[1];
    if (!reason || !reason_len) {
        reason = dummy;
        reason_len = sizeof dummy;
    }
    const char *intent = in->intent && *in->intent ? in->intent : NULL;
    double conf = clamp01(in->confidence, 0);
    double global = in->global
                        ? clamp01(in->global->confidence_threshold, DEFAULT_CONFIDENCE_THRESHOLD)
                        : DEFAULT_CONFIDENCE_THRESHOLD;
    const struct ai_intent_settings *st = in->settings;
    bool own = st && st->has_threshold && !isnan(st->threshold);
    double thr = own ? clamp01(st->threshold, global) : global;
    const struct ai_resolution *r = in->reply;
    bool worth = r && r->source != AI_REPLY_NONE && r->worth_suggesting;
    char sc[32], st_[32];
    fmt_pair(conf, thr, sc, st_, sizeof sc);
    const char *which = in->threshold_note ? in->threshold_note
                        : own              ? " (the intent's own threshold)"
                                           : "";

    if (!worth) {
        if (intent)
            snprintf(reason, reason_len, "no reply worth suggesting for intent %s (confidence %s)",
                     intent, sc);
        else
            snprintf(reason, reason_len, "no intent recognised and no similar resolved ticket");
        return AI_DECISION_ESCALATE;
    }
    if (!intent) {
        snprintf(reason, reason_len, "no intent recognised; suggesting %s",
                 r->source == AI_REPLY_SIMILAR ? "a similar ticket's solution" : "a reply");
        return AI_DECISION_SUGGEST;
    }
    if (!st) {
        snprintf(reason, reason_len,
                 "intent %s has no settings, so no automatic answer (confidence %s)", intent, sc);
        return AI_DECISION_SUGGEST;
    }
    if (!st->auto_resolve) {
        snprintf(reason, reason_len, "auto-resolve is off for intent %s (confidence %s)", intent,
                 sc);
        return AI_DECISION_SUGGEST;
    }
    if (st->auto_paused) {
        snprintf(reason, reason_len, "auto-resolve is paused for intent %s (confidence %s)", intent,
                 sc);
        return AI_DECISION_SUGGEST;
    }
    /* Compared in float precision: probabilities come from the model as floats,
     * and 0.7f read as a double is 0.69999998..., which must still meet a 0.7. */
    if (!((float)conf >= (float)thr)) {
        snprintf(reason, reason_len, "confidence %s < %s for intent %s%s", sc, st_, intent, which);
        return AI_DECISION_SUGGEST;
    }
    if (!r->auto_send_ok) {
        snprintf(reason, reason_len,
                 "confidence %s >= %s for intent %s%s, but the reply needs an agent: %s", sc, st_,
                 intent, which, r->note ? r->note : "not sendable automatically");
        return AI_DECISION_SUGGEST;
    }
    snprintf(reason, reason_len, "confidence %s >= %s for intent %s%s", sc, st_, intent, which);
    return AI_DECISION_AUTO_RESOLVE;
}
