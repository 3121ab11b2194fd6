/* intent_guard: measured precision per intent, and the automatic pause. */
#include "intent/intent_guard.h"

#include <stdio.h>

#include "db/db_audit.h"
#include "db/db_intents.h"
#include "settings/settings.h"

double intent_measured_precision(const struct intent *in)
{
    long long n = in->auto_helpful + in->auto_unhelpful;
    return n > 0 ? (double)in->auto_helpful / (double)n : -1.0;
}

int intent_guard_rating(struct arena *a, const char *intent, bool helpful, struct app_err *err)
{
    struct intent in;
    bool found = false;
    struct settings s;
    if (db_intents_record_rating(intent, helpful, &in, &found, a, err) || settings_load(&s, err))
        return -1;
    long long n = in.auto_helpful + in.auto_unhelpful;
    if (!found || in.auto_paused || n < s.min_ratings)
        return 0;
    double precision = intent_measured_precision(&in);
    if (precision >= s.target_precision)
        return 0;
    char reason[200];
    snprintf(reason, sizeof reason,
             "measured precision %.2f < target %.2f over %lld rated automatic answers", precision,
             s.target_precision, n);
    if (db_intents_set_paused(in.id, true, reason, err))
        return -1;
    return db_audit_write(0, "intent.auto_paused", intent, reason, err);
}
