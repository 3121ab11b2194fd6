/* intent_guard: the feedback loop's guard — an intent whose automatic answers keep
 * being rated unhelpful stops answering on its own. */
#ifndef DESKPILOT_INTENT_INTENT_GUARD_H
#define DESKPILOT_INTENT_INTENT_GUARD_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_intents.h"

/* Helpful share of in's rated automatic answers since it was (re-)enabled; < 0 when
 * none were rated. */
double intent_measured_precision(const struct intent *in);

/* Count one rated automatic answer of intent (inside the caller's transaction) and
 * pause the intent, audited as "intent.auto_paused", when at least min_ratings
 * ratings measure a precision below target_precision. */
int intent_guard_rating(struct arena *a, const char *intent, bool helpful, struct app_err *err);

#endif
