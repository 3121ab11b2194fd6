/* trainer: collect the training data, build the model file, record the version. */
#include "pipeline/trainer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ai/model.h"
#include "core/log.h"
#include "core/vec.h"
#include "db/db.h"
#include "db/db_intents.h"
#include "db/db_model.h"
#include "intent/intent_input.h"
#include "settings/settings.h"

/* Growable arrays of copied strings: the build borrows them. */
struct corpus {
    struct ai_example *ex;
    size_t nex, capex;
    struct ai_resolved *tk;
    size_t ntk, captk;
};

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_example(void *ctx, const char *intent, const char *text)
{
    struct corpus *c = ctx;
    if (VEC_RESERVE(c->ex, c->capex, c->nex + 1))
        return -1;
    struct ai_example *e = &c->ex[c->nex];
    e->intent = dup(intent); /* NULL: a "none of ours" example */
    e->text = dup(text);
    if ((intent && !e->intent) || !e->text) {
        free((void *)e->intent);
        free((void *)e->text);
        return -1;
    }
    c->nex++;
    return 0;
}

static int add_ticket(void *ctx, const struct db_solution *s)
{
    struct corpus *c = ctx;
    if (VEC_RESERVE(c->tk, c->captk, c->ntk + 1))
        return -1;
    struct ai_resolved *r = &c->tk[c->ntk];
    r->ticket_id = s->ticket_id;
    r->text = dup(s->text);
    r->intent = dup(s->intent);
    r->solution = dup(s->solution);
    r->reusable = s->reusable;
    if (!r->text || !r->solution || (s->intent && !r->intent)) {
        free((void *)r->text);
        free((void *)r->intent);
        free((void *)r->solution);
        return -1;
    }
    c->ntk++;
    return 0;
}

static void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->nex; i++) {
        free((void *)c->ex[i].intent);
        free((void *)c->ex[i].text);
    }
    for (size_t i = 0; i < c->ntk; i++) {
        free((void *)c->tk[i].text);
        free((void *)c->tk[i].intent);
        free((void *)c->tk[i].solution);
    }
    free(c->ex);
    free(c->tk);
}

/* Read everything in one transaction, so the watermark matches the corpus. */
static int collect(struct corpus *c, long long *watermark, struct app_err *err)
{
    if (db_begin(err) || db_model_watermark_now(watermark, err) ||
        db_intents_each_example(add_example, c, err) || db_model_labelled(add_example, c, err) ||
        db_model_unlabelled(INTENT_OTHER, add_example, c, err) ||
        db_model_solutions(0, 0, add_ticket, c, err))
        return -1;
    return db_commit(err);
}

static long long count_intents(const struct corpus *c)
{
    long long n = 0;
    for (size_t i = 0; i < c->nex; i++) {
        if (!c->ex[i].intent)
            continue;
        size_t j = 0;
        while (j < i && (!c->ex[j].intent || strcmp(c->ex[j].intent, c->ex[i].intent) != 0))
            j++;
        n += j == i;
    }
    return n;
}

int trainer_run(const char *path, long long actor_id, struct train_summary *out,
                struct app_err *err)
{
    memset(out, 0, sizeof *out);
    bool locked = false;
    if (db_model_lock(&locked, err))
        return -1;
    if (!locked)
        return err_set(err, ERR_CONFLICT, "a retrain is already running");
    struct corpus c = {0};
    long long watermark = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct settings g;
    int rc = settings_load(&g, err) || collect(&c, &watermark, err);
    if (rc == 0)
        rc = db_model_next_version(&out->version, err);
    if (rc == 0) {
        /* The report's threshold is the one for the precision the admin asks for. */
        struct ai_train_opts o;
        ai_train_opts_default(&o);
        o.target_precision = g.auto_resolve_target_precision;
        struct ai_build_input in = {(uint64_t)out->version, c.ex, c.nex, c.tk, c.ntk, &o};
        struct ai_build_report rep;
        char msg[512];
        int ai = ai_model_build(path, &in, &rep, msg, sizeof msg);
        if (ai != 0)
            rc = err_internal(err, "model build failed: %s", msg);
        out->negatives = (long long)rep.nnegatives;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->train_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    out->intents = count_intents(&c);
    out->examples = (long long)c.nex;
    out->tickets = (long long)c.ntk;
    if (rc == 0)
        rc = db_model_record(out->version, watermark, out->intents, out->examples, out->tickets,
                             out->train_ms, actor_id, err);
    corpus_free(&c);
    db_model_unlock();
    if (rc == 0)
        log_info("model %lld built: %lld intents, %lld examples, %lld tickets, %lld ms",
                 out->version, out->intents, out->examples, out->tickets, out->train_ms);
    return rc;
}
