/* pipeline: classifier → similarity → resolver → decision for one new ticket.
 * pipeline_decide is the decision itself, pure over what it is given (the engine's
 * model and delta, the settings, every intent's policy), so it is unit-tested;
 * pipeline_run gathers those for this worker and calls it. */
#ifndef DESKPILOT_PIPELINE_PIPELINE_H
#define DESKPILOT_PIPELINE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db_settings.h"
#include "db/db_tickets.h"
#include "intent/intent_policy.h"
#include "pipeline/engine.h"
#include "pipeline/threshold.h"

/* What the pipeline decided for a ticket. Strings are in the arena. */
struct pipeline_result {
    struct ticket_outcome outcome;
    bool auto_resolve; /* send outcome.response to the customer now */
};

/* What {{ticket_id}} renders as while the ticket has no id yet (the pipeline runs
 * before the INSERT): the caller puts the id in its place afterwards, and the stored
 * row's `response` column does on reading (sql/010 spells the same bytes). */
#define PIPELINE_ID_PLACEHOLDER                                                                    \
    "\x1f"                                                                                         \
    "ticket-id"                                                                                    \
    "\x1f"

/* s with every PIPELINE_ID_PLACEHOLDER replaced by id, in a; NULL when out of memory. */
char *pipeline_put_id(struct arena *a, const char *s, const char *id);

/* The ticket as the templates see it. */
struct pipeline_ticket {
    long long id; /* 0: not stored yet ({{ticket_id}} renders as PIPELINE_ID_PLACEHOLDER) */
    const char *subject, *body, *customer_name;
};

/* Decide for ticket t with engine e (its model may be NULL: then ESCALATE), the
 * global settings g and the catalogue's policies p[0..np). No I/O. A failure inside
 * the AI engine is not an error: the result is ESCALATE with the reason; only a
 * failed arena allocation is (503). */
int pipeline_decide(struct arena *a, struct engine *e, const struct settings *g,
                    const struct intent_policy *p, size_t np, const struct pipeline_ticket *t,
                    struct pipeline_result *out, struct app_err *err);

/* pipeline_decide with this worker's engine (set up on first use, refreshed each
 * call: newer model, newer solutions), the settings and the policies now in force.
 * Database failures are 503. */
int pipeline_run(struct arena *a, const struct pipeline_ticket *t, struct pipeline_result *out,
                 struct app_err *err);

/* This worker's model, reopened when a retrain replaced its file; *m NULL before
 * the first training. 503 when the database is down. */
int pipeline_model(const struct ai_model **m, struct app_err *err);

/* The settings now in force as this worker caches them (reloaded only when the
 * cache generation moved): no statement of its own on a request that read the user
 * row. Borrowed until the next call into the pipeline. */
int pipeline_live_settings(const struct settings **s, struct app_err *err);
/* The settings now in force, with confidence_threshold the global threshold that
 * applies (the model's choice for the target precision when no admin set one) and
 * *global saying who chose it; *model (may be NULL) gets the model it was chosen
 * with. 503 when the database is down. */
int pipeline_settings(struct settings *s, struct threshold *global, const struct ai_model **model,
                      struct app_err *err);

#endif
