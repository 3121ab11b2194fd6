/* simulate: what a confidence threshold would have done on labelled history (pure). */
#ifndef DESKPILOT_INTENT_SIMULATE_H
#define DESKPILOT_INTENT_SIMULATE_H

#include "db/db_stats.h"

struct sim_result {
    long long tickets, would_auto_resolve, correct;
};

/* Count cases[0..n) at threshold: a case would be answered automatically when its
 * confidence >= threshold; correct ones among those give the precision. */
void simulate_run(const struct sim_case *cases, int n, double threshold, struct sim_result *out);
/* would/tickets, or -1 when there are no tickets. */
double simulate_rate(const struct sim_result *r);
/* correct/would, or -1 when nothing would be answered. */
double simulate_precision(const struct sim_result *r);

#endif
