/* intent_simulate: the threshold simulator over the labelled history, as JSON. */
#include "intent/intent_simulate.h"

#include <json.h>
#include <string.h>

#include "intent/simulate.h"
#include "json/jbuild.h"

const struct field_spec simulate_query[SIM_Q_N] = {
    [SIM_Q_THRESHOLD] = {"confidence_threshold", FT_NUMBER, 0, 0, 0, 0.0, 1.0, NULL},
    [SIM_Q_INTENT] = {"intent", FT_STRING, FS_IDENT, 1, 64, 0, 0, NULL},
};

static void sim_counts(struct jbuild *jb, const struct sim_result *r)
{
    jb_int(jb, "tickets", r->tickets);
    jb_int(jb, "would_auto_resolve", r->would_auto_resolve);
    jb_measured(jb, "automation_rate", simulate_rate(r));
    jb_measured(jb, "estimated_precision", simulate_precision(r));
}

/* Per intent: group the cases by predicted intent (few intents, so a scan each)
 * and append one simulation row per intent to by_intent. */
static int simulate_by_intent(struct arena *a, const struct sim_case *cases, int n, double t,
                              struct jbuild *by_intent)
{
    const char **seen = arena_calloc(a, (size_t)n + 1, sizeof *seen);
    struct sim_case *group = arena_calloc(a, (size_t)n + 1, sizeof *group);
    if (!seen || !group)
        return -1;
    int nseen = 0;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < nseen && strcmp(seen[k], cases[i].predicted) != 0)
            k++;
        if (k < nseen)
            continue;
        seen[nseen++] = cases[i].predicted;
        int m = 0;
        for (int j = i; j < n; j++)
            if (strcmp(cases[j].predicted, cases[i].predicted) == 0)
                group[m++] = cases[j];
        struct sim_result r;
        simulate_run(group, m, t, &r);
        struct jbuild row;
        jb_object(&row, a);
        sim_counts(&row, &r);
        jb_str(&row, "intent", cases[i].predicted);
        jb_push_child(by_intent, jb_finish(&row));
    }
    return 0;
}

int simulate_json(struct arena *a, double threshold, const char *intent,
                  const struct stats_range *r, struct json_object **out, struct app_err *err)
{
    *out = NULL;
    struct sim_case *cases;
    int n;
    if (db_stats_labelled(a, intent, r, &cases, &n, err))
        return -1;
    struct sim_result all;
    simulate_run(cases, n, threshold, &all);
    struct jbuild o, by_intent;
    jb_array(&by_intent, a);
    int rc = simulate_by_intent(a, cases, n, threshold, &by_intent);
    jb_object(&o, a);
    sim_counts(&o, &all);
    jb_dbl(&o, "confidence_threshold", threshold);
    jb_child(&o, "by_intent", rc ? NULL : jb_finish(&by_intent));
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}
