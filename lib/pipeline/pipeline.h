/* pipeline: classifier → similarity → resolver → decision for one new ticket. */
#ifndef DESKPILOT_PIPELINE_PIPELINE_H
#define DESKPILOT_PIPELINE_PIPELINE_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_tickets.h"

/* What the pipeline decided for a ticket. Strings are in the arena. */
struct pipeline_result {
    struct ticket_outcome outcome;
    bool auto_resolve; /* send outcome.response to the customer now */
};

/* Run the pipeline on ticket id (subject, body) for a customer called name,
 * using this worker's engine (set up on first use, refreshed each call: newer
 * model, newer solutions). A failure inside the AI engine is not an error: the
 * result is ESCALATE with the reason. Database failures are (503). */
int pipeline_run(struct arena *a, long long id, const char *subject, const char *body,
                 const char *customer_name, struct pipeline_result *out, struct app_err *err);

/* The loaded model version of this worker's engine (0 when none). */
long long pipeline_model_version(void);

#endif
