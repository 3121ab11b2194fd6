/* db_intents: the intent catalogue, its examples and each intent's measured precision. */
#ifndef DESKPILOT_DB_INTENTS_H
#define DESKPILOT_DB_INTENTS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

struct intent {
    long long id;
    const char *name, *description, *response_template;
    bool auto_resolve;
    bool has_threshold;
    double threshold;
    bool auto_paused;
    const char *paused_reason;
    long long auto_helpful, auto_unhelpful; /* rated auto-resolutions since (re-)enabled */
    const char **examples;                  /* arena array, NULL when not loaded */
    int nexamples;
};

/* How many intents the catalogue holds. */
int db_intents_count(long long *n, struct app_err *err);
/* Whether an intent of this name exists. */
int db_intents_exists(const char *name, bool *exists, struct app_err *err);
/* One intent by name with its examples. */
int db_intents_get(struct arena *a, const char *name, struct intent *out, bool *found,
                   struct app_err *err);
/* Every intent without its examples (at most DB_INTENTS_MAX), by id: what the
 * pipeline decides with. */
#define DB_INTENTS_MAX 4096
int db_intents_all(struct arena *a, struct intent **out, int *n, struct app_err *err);
/* The intents the feedback loop (or an admin) paused, by name, at most limit. */
int db_intents_paused(struct arena *a, int limit, struct intent **out, int *n, struct app_err *err);
/* Intents ordered by id after `after`, with examples when with_examples. */
int db_intents_list(struct arena *a, long long after, int limit, bool with_examples,
                    struct intent **out, int *n, struct app_err *err);
/* Insert; DB_DUPLICATE when the name exists. Examples are inserted too. */
int db_intents_create(const struct intent *in, long long *id, struct app_err *err);
/* Overwrite the editable columns of intent id from in (all of them). */
int db_intents_update(long long id, const struct intent *in, struct app_err *err);
/* Replace the examples of intent id. */
int db_intents_set_examples(long long id, const char *const *examples, int n, struct app_err *err);
int db_intents_delete(long long id, struct app_err *err);
/* Pause (with reason) or re-enable an intent; re-enabling starts its measured
 * precision afresh, so old ratings cannot pause it again at once. */
int db_intents_set_paused(long long id, bool paused, const char *reason, struct app_err *err);
/* Count one rated auto-resolution for the intent (locks its row) and return the
 * counters after it. */
int db_intents_record_rating(const char *name, bool helpful, struct intent *after, bool *found,
                             struct arena *a, struct app_err *err);

/* Every labelled example: fn(ctx, intent_name, text) per row. */
typedef int (*db_example_fn)(void *ctx, const char *intent, const char *text);
int db_intents_each_example(db_example_fn fn, void *ctx, struct app_err *err);

#endif
