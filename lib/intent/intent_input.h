/* intent_input: the one definition of a valid intent, for the admin API and the importer. */
#ifndef DESKPILOT_INTENT_INTENT_INPUT_H
#define DESKPILOT_INTENT_INTENT_INPUT_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_intents.h"

struct json_object;

/* The reserved intent "none of ours": agents label a ticket with it when it matches
 * no intent of the catalogue. It is never an intent of the catalogue (creating one is
 * 422), never predicted and never answered automatically; its resolved tickets, like
 * those resolved with no intent, teach the confidence what unknown topics look like. */
#define INTENT_OTHER "other"

/* Which fields obj gave (the rest of *in is left as it was). */
struct intent_given {
    bool description, examples, response_template, auto_resolve, threshold, auto_paused;
    bool auto_paused_value;
};

/* Validate obj ({name, description, examples, response_template, auto_resolve,
 * threshold, auto_paused}) and apply what it gives onto *in. with_name: name is
 * required and taken from obj (create/import); otherwise it is not read (patch).
 * Strings point into obj (keep it alive); the examples array is in the arena.
 * 422 naming every bad field. */
int intent_input_apply(struct arena *a, struct json_object *obj, bool with_name, struct intent *in,
                       struct intent_given *given, struct app_err *err);

#endif
