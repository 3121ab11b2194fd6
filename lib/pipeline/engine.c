/* engine: model reloads and the delta of solutions, per worker. */
#include "pipeline/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ai/delta.h"
#include "ai/status.h"
#include "core/log.h"
#include "core/vec.h"
#include "db/db_model.h"
#include "pipeline/model_dist.h"

#define DELTA_BATCH 2000

int engine_init(struct engine *e, const char *path)
{
    memset(e, 0, sizeof *e);
    snprintf(e->path, sizeof e->path, "%s", path);
    snprintf(e->keep, sizeof e->keep, "%s.good", e->path);
    if (ai_session_new(&e->session) || ai_delta_new(&e->delta)) {
        engine_cleanup(e);
        return -1;
    }
    return 0;
}

void engine_cleanup(struct engine *e)
{
    free(e->retracted);
    ai_model_close(e->model);
    ai_delta_free(e->delta);
    ai_session_free(e->session);
    memset(e, 0, sizeof *e);
}

/* The model to serve when the file at path is refused: the one already served,
 * else the last good copy. NULL when there is none (tickets escalate). */
static struct ai_model *fall_back(struct engine *e, const char *why)
{
    if (e->model) {
        log_warn("model file refused, still serving model %llu: %s",
                 (unsigned long long)ai_model_version(e->model), why);
        return NULL;
    }
    struct ai_model *m = NULL;
    struct ai_model_stamp st;
    char msg[512];
    if (ai_model_open_kept(e->keep, e->keep, &m, &st, msg, sizeof msg) != 0) {
        log_error("model file refused and no last good model (%s): %s; tickets go to agents "
                  "until a retrain",
                  msg, why);
        return NULL;
    }
    log_warn("model file refused, serving the last good model %llu from %s: %s",
             (unsigned long long)ai_model_version(m), e->keep, why);
    return m;
}

/* Open the file if it is new; keep serving the old model when it cannot be read.
 * A refused file is not read again until it changes. *reloaded says whether the
 * delta must be rebuilt. */
static int reload(struct engine *e, bool *reloaded, struct app_err *err)
{
    *reloaded = false;
    struct ai_model_stamp now;
    if (!ai_model_stamp_read(e->path, &now) || (e->tried && ai_model_stamp_equal(&now, &e->seen)))
        return 0; /* no file (no AI until a training), or the one already settled */
    struct ai_model *m = NULL;
    struct ai_model_stamp read;
    char msg[512] = "";
    int rc = ai_model_open_kept(e->path, e->keep, &m, &read, msg, sizeof msg);
    if (rc == AI_ENOMEM)
        return 0; /* try again on the next request */
    if (rc != 0) {
        e->seen = read;
        e->tried = true;
        if (!(m = fall_back(e, msg)))
            return 0;
    } else if (msg[0]) {
        log_warn("model %llu %s", (unsigned long long)ai_model_version(m), msg);
    }
    long long wm = 0;
    bool found = false;
    if (db_model_watermark((long long)ai_model_version(m), &wm, &found, err)) {
        ai_model_close(m);
        return -1;
    }
    if (!found && e->model) {
        /* The trainer renames the file before it records the version: until the
         * record is there, keep the old model (its watermark is known). */
        ai_model_close(m);
        return 0;
    }
    if (rc == 0) {
        e->seen = read;
        e->tried = true;
    }
    ai_model_close(e->model);
    e->model = m;
    ai_delta_clear(e->delta);
    e->nretracted = 0; /* the new model left out what did not stand when it was built */
    e->watermark = found ? wm : 0;
    *reloaded = true;
    log_info("model %llu loaded (%zu intents, %zu solutions)",
             (unsigned long long)ai_model_version(m), ai_model_nintents(m), ai_model_ntickets(m));
    return 0;
}

bool engine_retracted(const struct engine *e, long long id)
{
    for (size_t i = 0; i < e->nretracted; i++)
        if (e->retracted[i] == id)
            return true;
    return false;
}

/* Remember (or, on a new resolution, forget) a withdrawn ticket. */
static int set_retracted(struct engine *e, long long id, bool on)
{
    for (size_t i = 0; i < e->nretracted; i++)
        if (e->retracted[i] == id) {
            if (!on)
                e->retracted[i] = e->retracted[--e->nretracted];
            return 0;
        }
    if (!on)
        return 0;
    if (VEC_RESERVE(e->retracted, e->capretracted, e->nretracted + 1))
        return -1;
    e->retracted[e->nretracted++] = id;
    return 0;
}

static int add_solution(void *ctx, const struct db_solution *s)
{
    struct engine *e = ctx;
    /* A retraction empties the ticket's delta entry (it then matches nothing)
     * and hides its entry in the model's index. */
    if (set_retracted(e, s->ticket_id, s->retracted) ||
        ai_delta_add(e->delta, e->session, s->ticket_id, s->retracted ? "" : s->text,
                     s->retracted ? NULL : s->intent, s->retracted ? "" : s->solution,
                     s->retracted ? false : s->reusable))
        return -1;
    if (s->seq > e->watermark)
        e->watermark = s->seq;
    return 0;
}

/* Bring the file at e->path up to version newest from the database (another host
 * trained it). True when a new file was put there. */
static bool fetch_newer(struct engine *e, long long newest)
{
    long long have = e->model ? (long long)ai_model_version(e->model) : 0;
    if (newest <= have || newest == e->refused)
        return false;
    int lock = model_dist_lock(e->path, false);
    if (lock == -2)
        return false; /* another process of this host is fetching it */
    if (lock < 0) {
        log_warn("model %lld not fetched: cannot lock the folder of %s", newest, e->path);
        e->refused = newest;
        return false;
    }
    /* It may have come while we waited for nothing: a fetch or a local build. */
    uint64_t on_disk = 0;
    bool fetched = false;
    if (ai_model_peek_version(e->path, &on_disk) != AI_OK || (long long)on_disk < newest) {
        struct app_err err;
        err_clear(&err);
        int rc = model_dist_fetch(e->path, newest, &err);
        if (rc == MODEL_DIST_REFUSED) {
            e->refused = newest;
            log_error("model %lld refused, still serving %lld: %s", newest, have, err.internal);
        } else if (rc) {
            log_warn("model %lld not fetched (tried again later): %s", newest, err.internal);
        } else {
            log_info("model %lld fetched from the database into %s", newest, e->path);
            fetched = true;
        }
    }
    model_dist_unlock(lock);
    return fetched || (long long)on_disk >= newest;
}

int engine_refresh(struct engine *e, long long generation, long long newest, struct app_err *err)
{
    bool reloaded;
    if (reload(e, &reloaded, err))
        return -1;
    bool again = false;
    if (fetch_newer(e, newest)) {
        if (reload(e, &again, err))
            return -1;
        /* Fetched whole but refused when opened (a format this build does not read,
         * stored before an upgrade): not fetched again until a newer version comes. */
        if (!e->model || (long long)ai_model_version(e->model) < newest)
            e->refused = newest;
    }
    reloaded = reloaded || again;
    if (!e->model || (!reloaded && generation > 0 && generation == e->generation))
        return 0; /* no solution came or went since the delta was brought up to date */
    /* Solutions of rows that no longer stand are skipped by the query; the
     * watermark still moves past them because later ones raise it. */
    bool caught_up = false;
    for (int round = 0; round < 50 && !caught_up; round++) {
        long long before = e->watermark;
        size_t had = ai_delta_count(e->delta);
        if (db_model_solutions(e->watermark, DELTA_BATCH, add_solution, e, err))
            return -1;
        caught_up = e->watermark == before || ai_delta_count(e->delta) - had < DELTA_BATCH;
    }
    /* Not caught up (a huge backlog): the next request goes on from the watermark. */
    e->generation = caught_up ? generation : 0;
    return 0;
}
