/* pipeline_run: this worker's engine and the live settings and policies, fed to the
 * pure decision. */
#include "pipeline/pipeline.h"

#include "core/config.h"
#include "db/db_generation.h"
#include "settings/settings.h"

/* Process-lifetime: workers are single-threaded and keep their engine, and the
 * settings and intent policies of the last cache generation they saw. */
static struct engine engine;
static bool engine_ready;
static struct {
    bool ready;
    long long generation;
    struct arena arena; /* holds the policies' strings until the next reload */
    struct settings g;
    struct intent_policy *p;
    size_t np;
} cache;

static struct engine *get_engine(struct app_err *err)
{
    if (!engine_ready) {
        if (engine_init(&engine, g_config.model_path)) {
            err_unavailable(err, "out of memory starting the AI engine");
            return NULL;
        }
        engine_ready = true;
    }
    return &engine;
}

/* Settings and policies as of generation: reloaded only when it moved. */
static int refresh_cache(long long generation, struct app_err *err)
{
    if (cache.ready && generation > 0 && generation == cache.generation)
        return 0;
    if (!cache.ready)
        arena_init(&cache.arena, 0);
    arena_reset(&cache.arena);
    cache.ready = false;
    if (settings_load(&cache.g, err) ||
        intent_policies(&cache.arena, &cache.g, &cache.p, &cache.np, err)) {
        arena_reset(&cache.arena);
        cache.np = 0;
        return -1;
    }
    cache.generation = generation;
    cache.ready = true;
    return 0;
}

int pipeline_run(struct arena *a, const struct pipeline_ticket *t, struct pipeline_result *out,
                 struct app_err *err)
{
    struct engine *e = get_engine(err);
    long long generation, newest;
    if (!e || db_generation_now(&generation, err) || db_generation_model(&newest, err) ||
        engine_refresh(e, generation, newest, err) || refresh_cache(generation, err))
        return -1;
    return pipeline_decide(a, e, &cache.g, cache.p, cache.np, t, out, err);
}

int pipeline_live_settings(const struct settings **s, struct app_err *err)
{
    long long generation;
    *s = NULL;
    if (db_generation_now(&generation, err) || refresh_cache(generation, err))
        return -1;
    *s = &cache.g;
    return 0;
}

int pipeline_model(const struct ai_model **m, struct app_err *err)
{
    struct engine *e = get_engine(err);
    long long generation, newest;
    *m = NULL;
    if (!e || db_generation_now(&generation, err) || db_generation_model(&newest, err) ||
        engine_refresh(e, generation, newest, err))
        return -1;
    *m = e->model;
    return 0;
}

int pipeline_settings(struct settings *s, struct threshold *global, const struct ai_model **model,
                      struct app_err *err)
{
    const struct ai_model *m;
    if (settings_load(s, err) || pipeline_model(&m, err))
        return -1;
    if (model)
        *model = m;
    *global = threshold_for(m, s, NULL, NULL);
    s->confidence_threshold = global->value;
    return 0;
}
