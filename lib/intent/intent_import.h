/* intent_import: merging a catalogue file into the intents (deskpilot import intents). */
#ifndef DESKPILOT_INTENT_INTENT_IMPORT_H
#define DESKPILOT_INTENT_INTENT_IMPORT_H

#include "core/arena.h"
#include "core/err.h"

struct json_object;

/* Create the intent obj describes (the admin API's Intent JSON, checked by
 * intent_input_apply), or merge it into the existing one of that name: given fields
 * overwrite, examples not already present are appended. A new intent adds one to
 * *created. Runs in the caller's transaction; 422 naming the bad fields. */
int intent_import(struct arena *a, struct json_object *obj, int *created, struct app_err *err);

/* How many intents the catalogue holds. */
int intent_count(long long *n, struct app_err *err);

#endif
