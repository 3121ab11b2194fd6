/* intent_import: create or merge, example by example. */
#include "intent/intent_import.h"

#include <string.h>

#include "db/db_intents.h"
#include "intent/intent_input.h"

int intent_import(struct arena *a, struct json_object *obj, int *created, struct app_err *err)
{
    struct intent in = {.auto_resolve = true};
    struct intent_given given;
    if (intent_input_apply(a, obj, true, &in, &given, err))
        return -1;
    struct intent old;
    bool found = false;
    if (db_intents_get(a, in.name, &old, &found, err))
        return -1;
    if (!found) {
        long long id;
        (*created)++;
        return db_intents_create(&in, &id, err) == 0 ? 0 : -1;
    }
    const char **had = old.examples;
    int nhad = old.nexamples;
    struct intent_given g2;
    if (intent_input_apply(a, obj, false, &old, &g2, err))
        return -1;
    const char **all = arena_calloc(a, (size_t)(nhad + in.nexamples) + 1, sizeof *all);
    if (!all)
        return err_unavailable(err, "out of memory");
    int n = 0;
    for (int i = 0; i < nhad; i++)
        all[n++] = had[i];
    for (int i = 0; i < in.nexamples; i++) {
        int k = 0;
        while (k < n && strcmp(all[k], in.examples[i]) != 0)
            k++;
        if (k == n)
            all[n++] = in.examples[i];
    }
    return db_intents_update(old.id, &old, err) || db_intents_set_examples(old.id, all, n, err);
}

int intent_count(long long *n, struct app_err *err)
{
    return db_intents_count(n, err);
}
