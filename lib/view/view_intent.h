/* view_intent: the Intent object of the contract plus its feedback-loop state. */
#ifndef DESKPILOT_VIEW_INTENT_H
#define DESKPILOT_VIEW_INTENT_H

#include "core/arena.h"
#include "db/db_intents.h"

struct json_object;

/* {"name","description","examples"?,"response_template","auto_resolve","threshold",
 *  "auto_paused","paused_reason","measured_precision","rated_auto_resolutions"}.
 * Owned by a; NULL when out of memory. */
struct json_object *view_intent(struct arena *a, const struct intent *in);

#endif
