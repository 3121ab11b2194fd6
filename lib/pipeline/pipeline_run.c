/* pipeline_run: this worker's engine and the live settings and policies, fed to the
 * pure decision. */
#include "pipeline/pipeline.h"

#include "core/config.h"
#include "settings/settings.h"

/* Process-lifetime: workers are single-threaded and keep their engine. */
static struct engine engine;
static bool engine_ready;

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

int pipeline_run(struct arena *a, const struct pipeline_ticket *t, struct pipeline_result *out,
                 struct app_err *err)
{
    struct engine *e = get_engine(err);
    struct settings g;
    struct intent_policy *p;
    size_t np;
    if (!e || engine_refresh(e, err) || settings_load(&g, err) ||
        intent_policies(a, &g, &p, &np, err))
        return -1;
    return pipeline_decide(a, e, &g, p, np, t, out, err);
}

int pipeline_model(const struct ai_model **m, struct app_err *err)
{
    struct engine *e = get_engine(err);
    *m = NULL;
    if (!e || engine_refresh(e, err))
        return -1;
    *m = e->model;
    return 0;
}

int pipeline_settings(struct settings *s, struct threshold *global, struct app_err *err)
{
    const struct ai_model *m;
    if (settings_load(s, err) || pipeline_model(&m, err))
        return -1;
    *global = threshold_for(m, s, NULL, NULL);
    s->confidence_threshold = global->value;
    return 0;
}
