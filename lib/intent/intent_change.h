/* intent_change: the intent catalogue's changes — create, patch (with re-enabling a
 * paused intent) and delete, each audited — shared by /api/admin/intents and the
 * /admin/intents pages. Input is the contract's Intent JSON, validated by
 * intent_input_apply, so both callers accept exactly the same values. */
#ifndef DESKPILOT_INTENT_INTENT_CHANGE_H
#define DESKPILOT_INTENT_INTENT_CHANGE_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db_intents.h"

struct json_object;

/* The intent called name with its examples (strings in a); 404 when there is none
 * (or the name is longer than any intent's can be). */
int intent_load(struct arena *a, const char *name, struct intent *out, struct app_err *err);

/* Create an intent from body ({name, description?, examples?, response_template?,
 * auto_resolve?, threshold?}; borrowed) as admin `actor`: 422 naming each bad field
 * (auto_paused may not be given), 409 when the name is taken, audited as
 * "intent.create". *out receives the stored intent (strings in a). */
int intent_create(struct arena *a, long long actor, struct json_object *body, struct intent *out,
                  struct app_err *err);

/* Change intent name with the fields body gives (the rest stay; examples are
 * replaced as a whole; "auto_paused": false re-enables a paused intent, audited
 * as "intent.reenable"; true is 422). 404 for an unknown name. Audited as
 * "intent.update"; one transaction. *out receives the intent afterwards. */
int intent_patch(struct arena *a, long long actor, const char *name, struct json_object *body,
                 struct intent *out, struct app_err *err);

/* Delete intent name (404 when unknown), audited as "intent.delete". */
int intent_delete(struct arena *a, long long actor, const char *name, struct app_err *err);

#endif
