/* intent_policy: the decision's view of the catalogue. */
#include "intent/intent_policy.h"

#include <string.h>

#include "db/db_intents.h"

int intent_policies(struct arena *a, const struct settings *g, struct intent_policy **out,
                    size_t *n, struct app_err *err)
{
    struct intent *in;
    int k;
    *out = NULL;
    *n = 0;
    if (db_intents_all(a, &in, &k, err))
        return -1;
    struct intent_policy *p = arena_calloc(a, (size_t)k + 1, sizeof *p);
    if (!p)
        return err_unavailable(err, "out of memory");
    for (int i = 0; i < k; i++) {
        p[i].name = in[i].name;
        p[i].response_template = in[i].response_template;
        p[i].settings.auto_resolve = in[i].auto_resolve && g->auto_resolve_enabled;
        p[i].settings.has_threshold = in[i].has_threshold;
        p[i].settings.threshold = in[i].threshold;
        p[i].settings.auto_paused = in[i].auto_paused;
    }
    *out = p;
    *n = (size_t)k;
    return 0;
}

const struct intent_policy *intent_policy_find(const struct intent_policy *p, size_t n,
                                               const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return &p[i];
    return NULL;
}
