/* intent_policy: what the automatic decision needs to know of each intent — whether
 * it may answer on its own, its threshold, its reply template — read without the
 * examples, so filing a ticket never loads them. */
#ifndef DESKPILOT_INTENT_INTENT_POLICY_H
#define DESKPILOT_INTENT_INTENT_POLICY_H

#include <stddef.h>

#include "ai/decision.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/db_settings.h"

struct intent_policy {
    const char *name;
    struct ai_intent_settings
        settings; /* auto_resolve already off when automation is off globally */
    const char *response_template;
};

/* Every intent's policy under the global settings g, into *out (arena array). 503
 * when the database is down or memory ran out. */
int intent_policies(struct arena *a, const struct settings *g, struct intent_policy **out,
                    size_t *n, struct app_err *err);

/* The policy of intent name among p[0..n), or NULL (name NULL or unknown). */
const struct intent_policy *intent_policy_find(const struct intent_policy *p, size_t n,
                                               const char *name);

#endif
