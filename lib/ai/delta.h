/* delta: resolved tickets added after the model was built, searchable at once. */
#ifndef DESKPILOT_AI_DELTA_H
#define DESKPILOT_AI_DELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ai/session.h"
#include "ai/simindex.h"

/* An in-memory segment a worker fills with tickets resolved since the model
 * file was built; searches cover model + delta. It stores raw term counts, not
 * weights, so it stays valid when the worker reloads a newer model (weights
 * use the current model's idf at query time). Not thread-safe; one per worker.
 * Meant for thousands of items between retrainings, not millions. */
struct ai_delta;

/* One delta hit; strings are borrowed from the delta until it changes. */
struct ai_delta_hit {
    size_t item;
    float score;
};

int ai_delta_new(struct ai_delta **out);
/* Harmless on NULL. */
void ai_delta_free(struct ai_delta *d);
/* Forget every item (e.g. after a model that includes them was loaded). */
void ai_delta_clear(struct ai_delta *d);
size_t ai_delta_count(const struct ai_delta *d);

/* Add a resolved ticket. text, intent (may be NULL) and solution (may be NULL)
 * are copied. Adding an id already present replaces that item's searchable
 * text. Returns 0, AI_ENOMEM, AI_ERANGE (past 2^31 items). */
int ai_delta_add(struct ai_delta *d, struct ai_session *s, int64_t id, const char *text,
                 const char *intent, const char *solution, bool reusable);

/* The k best items for query q (built by ai_simindex_query against ix), score
 * >= min_score, best first. Caches each item's norm under ix (recomputed when
 * a different index is passed), hence the non-const delta. 0 or AI_ENOMEM. */
int ai_delta_search(struct ai_delta *d, const struct ai_simindex *ix, struct ai_session *s,
                    const struct ai_sim_query *q, size_t k, float min_score,
                    struct ai_delta_hit *out, size_t *nout);

/* Fields of item i (< ai_delta_count). Strings borrowed; intent/solution may be NULL. */
int64_t ai_delta_id(const struct ai_delta *d, size_t i);
const char *ai_delta_intent(const struct ai_delta *d, size_t i);
const char *ai_delta_solution(const struct ai_delta *d, size_t i);
bool ai_delta_reusable(const struct ai_delta *d, size_t i);

#endif
