/* simulate: threshold replay over labelled cases. */
#include "intent/simulate.h"

#include <string.h>

void simulate_run(const struct sim_case *cases, int n, double threshold, struct sim_result *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < n; i++) {
        out->tickets++;
        if (cases[i].confidence >= threshold) {
            out->would_auto_resolve++;
            out->correct += cases[i].correct;
        }
    }
}

double simulate_rate(const struct sim_result *r)
{
    return r->tickets ? (double)r->would_auto_resolve / (double)r->tickets : -1.0;
}

double simulate_precision(const struct sim_result *r)
{
    return r->would_auto_resolve ? (double)r->correct / (double)r->would_auto_resolve : -1.0;
}
