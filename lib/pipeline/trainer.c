/* trainer: collect the training data, build the model file, record the version. */
#include "pipeline/trainer.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ai/model.h"
#include "core/log.h"
#include "core/vec.h"
#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_intents.h"
#include "db/db_lease.h"
#include "db/db_model.h"
#include "db/db_tx.h"
#include "intent/intent_input.h"
#include "pipeline/model_dist.h"
#include "settings/settings.h"

/* Growable arrays of copied strings: the build borrows them. */
struct corpus {
    struct ai_example *ex;
    size_t nex, capex;
    struct ai_resolved *tk;
    size_t ntk, captk;
};

static char *copy_str(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_example(void *ctx, const char *intent, const char *text)
{
    struct corpus *c = ctx;
    if (VEC_RESERVE(c->ex, c->capex, c->nex + 1))
        return -1;
    struct ai_example *e = &c->ex[c->nex];
    e->intent = copy_str(intent); /* NULL: a "none of ours" example */
    e->text = copy_str(text);
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
    r->text = copy_str(s->text);
    r->intent = copy_str(s->intent);
    r->solution = copy_str(s->solution);
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

/* The build lease: one build at a time across every host of the cluster. A build
 * takes seconds to a few minutes; a holder that died on another host frees it when it
 * expires, one that died on this host at once (take_from_the_dead). */
#define TRAIN_LEASE "model_build"
#define TRAIN_LEASE_SECONDS 900

/* "host:pid:ns": who holds the lease, unique to this attempt. */
static void lease_holder(char *out, size_t outlen)
{
    char host[64] = "";
    struct timespec ts;
    gethostname(host, sizeof host - 1);
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(out, outlen, "%.64s:%ld:%lld%09ld", host, (long)getpid(), (long long)ts.tv_sec,
             ts.tv_nsec);
}

/* The lease's holder is a process of this host that is gone (a build killed half-way,
 * a worker restarted): take it over now rather than at its expiry, as GET_LOCK was
 * released with its connection. A holder on another host waits for its expiry. */
static int take_from_the_dead(const char *holder, bool *taken, struct app_err *err)
{
    char old[200], host[64] = "";
    *taken = false;
    if (db_lease_holder(TRAIN_LEASE, old, sizeof old, err))
        return -1;
    gethostname(host, sizeof host - 1);
    size_t n = strlen(host);
    char *end = NULL;
    long pid = strncmp(old, host, n) == 0 && old[n] == ':' ? strtol(old + n + 1, &end, 10) : 0;
    if (pid <= 0 || !end || *end != ':' || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
        return 0;
    log_warn("build lease of %s, which is gone: taken over", old);
    return db_lease_take_over(TRAIN_LEASE, old, holder, TRAIN_LEASE_SECONDS, taken, err);
}

struct record {
    const char *staged;
    const struct db_model_version *v;
};

/* The version's row and its file's chunks: one transaction, so every recorded version
 * can be fetched whole by the other hosts. Run again once on a Galera conflict. */
static int record_body(void *ctx, struct app_err *err)
{
    const struct record *r = ctx;
    return db_begin(err) || db_model_record(r->v, err) ||
                   model_dist_store(r->staged, r->v->version, err) ||
                   db_generation_bump_model(r->v->version, err) || db_commit(err)
               ? -1
               : 0;
}

/* Record the built file at staged and put it at path: the rows first, so no host's
 * file is ever newer than the database; then the rename, under the host's fetch
 * lock, so a worker fetching the same version meanwhile cannot interleave. */
static int publish(const char *staged, const char *path, struct db_model_version *v,
                   struct app_err *err)
{
    char sha[DIGEST_HEX_LEN + 1];
    if (model_dist_file_digest(staged, sha, &v->bytes, err))
        return -1;
    v->sha256 = sha;
    struct record r = {staged, v};
    if (db_tx_retry(record_body, &r, err)) {
        db_rollback();
        return -1;
    }
    int lock = model_dist_lock(path, true);
    int rc = model_dist_install(staged, path, err);
    model_dist_unlock(lock);
    return rc;
}

int trainer_run(const char *path, long long actor_id, struct train_summary *out,
                struct app_err *err)
{
    memset(out, 0, sizeof *out);
    char holder[128];
    lease_holder(holder, sizeof holder);
    bool locked = false;
    if (db_lease_take(TRAIN_LEASE, holder, TRAIN_LEASE_SECONDS, &locked, err) ||
        (!locked && take_from_the_dead(holder, &locked, err)))
        return -1;
    if (!locked)
        return err_set(err, ERR_CONFLICT, "a retrain is already running");
    char staged[4096];
    if (snprintf(staged, sizeof staged, "%s.build", path) >= (int)sizeof staged) {
        db_lease_release(TRAIN_LEASE, holder);
        return err_internal(err, "%s: path too long", path);
    }
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
        int ai = ai_model_build(staged, &in, &rep, msg, sizeof msg);
        if (ai != 0)
            rc = err_internal(err, "model build failed: %s", msg);
        out->negatives = (long long)rep.nnegatives;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->train_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    out->intents = count_intents(&c);
    out->examples = (long long)c.nex;
    out->tickets = (long long)c.ntk;
    if (rc == 0) {
        struct db_model_version v = {out->version,  watermark,    out->intents,
                                     out->examples, out->tickets, out->train_ms,
                                     actor_id,      NULL,         0};
        rc = publish(staged, path, &v, err);
    }
    if (rc)
        unlink(staged); /* gone already when it was published */
    corpus_free(&c);
    db_lease_release(TRAIN_LEASE, holder);
    if (rc == 0)
        log_info("model %lld built and stored for every host: %lld intents, %lld examples, "
                 "%lld tickets, %lld ms",
                 out->version, out->intents, out->examples, out->tickets, out->train_ms);
    return rc;
}
