/* crossval: the fold plan, fold and final training run in parallel, the
 * out-of-fold predictions, the temperature and the second stage fitted on them. */
#include "ai/crossval.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ai/calibrate.h"
#include "ai/clock.h"
#include "ai/rng.h"
#include "ai/status.h"

#define MAX_FOLDS 8
#define MAX_THREADS 4

uint32_t ai_cv_plan(size_t n, uint32_t nclass, uint32_t folds, float row_frac, uint64_t seed,
                    uint8_t *group, uint8_t *test_fold)
{
    if (folds > MAX_FOLDS)
        folds = MAX_FOLDS;
    if (folds > nclass)
        folds = nclass;
    /* A fold must keep at least two intents to train on. */
    while (folds >= 2 && nclass - (nclass + folds - 1) / folds < 2)
        folds--;
    if (nclass < 3 || folds < 2)
        folds = 0;
    struct ai_rng rng;
    ai_rng_seed(&rng, seed ^ 0xf01d5eedULL);
    /* Deal the intents round-robin into the groups, then shuffle the groups
     * (a seeded Fisher-Yates over group[]: the same as dealing a permutation). */
    for (uint32_t c = 0; c < nclass; c++)
        group[c] = (uint8_t)(folds ? c % folds : 0);
    for (uint32_t c = nclass; folds && c > 1; c--) {
        uint32_t j = ai_rng_below(&rng, c);
        uint8_t t = group[c - 1];
        group[c - 1] = group[j];
        group[j] = t;
    }
    for (size_t r = 0; r < n; r++) {
        test_fold[r] = AI_CV_NOFOLD;
        if (!folds)
            continue;
        double u = ai_rng_unit(&rng);
        uint32_t f = (uint32_t)(u / row_frac);
        if (f < folds)
            test_fold[r] = (uint8_t)f;
    }
    return folds;
}

int ai_cv_signals(const struct ai_classifier *c, const struct ai_exemplars *ex,
                  struct ai_session *s, const char *text, size_t len, uint32_t *top,
                  struct ai_oos_signals *sig)
{
    int rc = ai_classifier_scores(c, s, text, len);
    if (rc < 0)
        return rc;
    *top = ai_oos_score_signals(s->scores, c->nclass, sig);
    return ai_exemplars_query(ex, c, s, *top, &sig->v[AI_SIG_COSINE], &sig->v[AI_SIG_UNSEEN]);
}

/* ---- jobs ---- */

struct shared {
    const char *const *texts;
    const uint32_t *labels;
    size_t n;
    uint32_t nclass, folds;
    const char *const *neg;
    size_t nneg;
    const struct ai_train_opts *o;
    const struct ai_cv_opts *co;
    const uint8_t *group, *test_fold;
    pthread_mutex_t lock;
    uint32_t next; /* next job to take */
};

struct job {
    int rc;
    /* final job */
    struct ai_classifier clf;
    struct ai_exemplars ex;
    struct ai_train_report rep;
    /* fold jobs */
    struct ai_cv_pred *pred;
    size_t npred;
    double temperature;
};

/* The final model: every example. With folds the temperature comes from them,
 * so a single fit on everything; without, the classifier's own calibration split. */
static int run_final(const struct shared *sh, struct job *j)
{
    struct ai_train_opts o = *sh->o;
    if (sh->folds)
        o.calib_frac = 0;
    int rc = ai_classifier_train(sh->texts, sh->labels, sh->n, sh->nclass, &o, &j->clf, &j->rep);
    if (rc < 0)
        return rc;
    uint32_t *rows = malloc((sh->n + 1) * sizeof *rows);
    if (!rows)
        return AI_ENOMEM;
    for (size_t i = 0; i < sh->n; i++)
        rows[i] = (uint32_t)i;
    rc = ai_exemplars_build(&j->clf, sh->texts, sh->labels, rows, sh->n, &j->ex);
    free(rows);
    return rc;
}

/* One fold: train without group f's intents and fold f's test rows, then
 * predict the test rows (in scope), group f's rows and a share of the
 * negatives (out of scope). */
static int run_fold(const struct shared *sh, uint32_t f, struct job *j)
{
    int rc = AI_ENOMEM;
    uint32_t *map = malloc(sh->nclass * sizeof *map);   /* full class -> fold class */
    uint32_t *back = malloc(sh->nclass * sizeof *back); /* fold class -> full class */
    const char **tx = malloc((sh->n + 1) * sizeof *tx);
    uint32_t *ty = malloc((sh->n + 1) * sizeof *ty), *rows = malloc((sh->n + 1) * sizeof *rows);
    struct ai_classifier clf = {0};
    struct ai_exemplars ex = {0};
    struct ai_session *s = NULL;
    float *scores = NULL;
    uint32_t *slab = NULL;
    if (!map || !back || !tx || !ty || !rows || ai_session_new(&s) < 0)
        goto out;
    uint32_t nc = 0;
    for (uint32_t c = 0; c < sh->nclass; c++) {
        map[c] = sh->group[c] == f ? AI_CV_OOS : nc;
        if (map[c] != AI_CV_OOS)
            back[nc++] = c;
    }
    size_t nt = 0, nin = 0, noos = 0;
    for (size_t r = 0; r < sh->n; r++) {
        uint32_t c = sh->labels[r];
        if (map[c] == AI_CV_OOS) {
            noos++;
        } else if (sh->test_fold[r] == f) {
            nin++;
        } else {
            tx[nt] = sh->texts[r];
            ty[nt] = map[c];
            rows[nt] = (uint32_t)nt;
            nt++;
        }
    }
    rc = AI_ENODATA; /* a fold with too little left to train on is skipped */
    if (nt < 2 || nc < 2)
        goto out;
    struct ai_train_opts o = *sh->o;
    o.calib_frac = 0;
    o.seed = sh->o->seed + 1000003u * (f + 1);
    if ((rc = ai_classifier_train(tx, ty, nt, nc, &o, &clf, NULL)) < 0)
        goto out;
    if ((rc = ai_exemplars_build(&clf, tx, ty, rows, nt, &ex)) < 0)
        goto out;
    size_t nneg = 0;
    for (size_t i = f; i < sh->nneg; i += sh->folds)
        nneg++;
    rc = AI_ENOMEM;
    j->pred = malloc((nin + noos + nneg + 1) * sizeof *j->pred);
    scores = malloc((nin + 1) * (size_t)clf.stride * sizeof *scores);
    slab = malloc((nin + 1) * sizeof *slab);
    if (!j->pred || !scores || !slab)
        goto out;
    /* Held-out intents count for oos_share of the weight, whatever their number. */
    double share = sh->co->oos_share;
    float wo = noos && nin ? (float)(share / (1 - share) * (double)nin / (double)noos) : 1.0f;
    size_t k = 0, ni = 0;
    for (size_t r = 0; r < sh->n + nneg; r++) {
        const char *t;
        uint32_t truth;
        float w = 1.0f;
        uint32_t negative = 0;
        if (r < sh->n) {
            uint32_t c = sh->labels[r];
            if (map[c] == AI_CV_OOS) {
                truth = AI_CV_OOS;
                w = wo;
            } else if (sh->test_fold[r] == f) {
                truth = c;
            } else {
                continue;
            }
            t = sh->texts[r];
        } else {
            t = sh->neg[f + (r - sh->n) * sh->folds];
            truth = AI_CV_OOS;
            negative = 1;
        }
        if (!t)
            t = "";
        struct ai_cv_pred *p = &j->pred[k];
        uint32_t top;
        if ((rc = ai_cv_signals(&clf, &ex, s, t, strlen(t), &top, &p->sig)) < 0)
            goto out;
        if (truth != AI_CV_OOS) {
            memcpy(scores + ni * clf.stride, s->scores, clf.stride * sizeof *scores);
            slab[ni++] = map[truth];
        }
        p->weight = w;
        p->conf = 0;
        p->truth = truth;
        p->pred = back[top];
        p->negative = negative;
        p->fold = f;
        k++;
    }
    j->npred = k;
    j->temperature = ni ? ai_calib_fit_temperature(scores, clf.stride, clf.nclass, slab, ni) : 1.0;
    rc = AI_OK;
out:
    free(map);
    free(back);
    free(tx);
    free(ty);
    free(rows);
    free(scores);
    free(slab);
    ai_session_free(s);
    ai_classifier_cleanup(&clf);
    ai_exemplars_cleanup(&ex);
    return rc;
}

struct worker {
    struct shared *sh;
    struct job *jobs;
};

/* Take jobs until none is left: job 0 is the final model (the longest, so first). */
static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        uint32_t id = sh->next++;
        pthread_mutex_unlock(&sh->lock);
        if (id > sh->folds)
            return NULL;
        w->jobs[id].rc = id == 0 ? run_final(sh, &w->jobs[0]) : run_fold(sh, id - 1, &w->jobs[id]);
    }
}

void ai_cv_result_cleanup(struct ai_cv_result *cv)
{
    free(cv->pred);
    free(cv->attract);
    memset(cv, 0, sizeof *cv);
}

float ai_cv_attract(double unknown, double known, double prior)
{
    return (float)log((unknown + prior) / (known + 1.0));
}

/* Per intent, how much it drew unknown topics: for the final model from every
 * fold, for a fold's own predictions from the other folds only (cross-fitted,
 * so a prediction never explains itself). */
static int set_attract(struct ai_cv_result *cv, uint32_t nclass)
{
    size_t cells = ((size_t)cv->folds + 1) * nclass * 2;
    double *sum =
        calloc(cells, sizeof *sum); /* [fold][class][unknown, known]; fold == folds: all */
    cv->attract = malloc(((size_t)nclass + 1) * sizeof *cv->attract);
    if (!sum || !cv->attract) {
        free(sum);
        return AI_ENOMEM;
    }
    double tot[2] = {0, 0};
    for (size_t i = 0; i < cv->n; i++) {
        const struct ai_cv_pred *p = &cv->pred[i];
        int known = p->truth != AI_CV_OOS;
        sum[((size_t)p->fold * nclass + p->pred) * 2 + known] += p->weight;
        sum[((size_t)cv->folds * nclass + p->pred) * 2 + known] += p->weight;
        tot[known] += p->weight;
    }
    double prior = tot[1] > 0 ? tot[0] / tot[1] : 0;
    for (uint32_t c = 0; c < nclass; c++) {
        const double *all = &sum[((size_t)cv->folds * nclass + c) * 2];
        cv->attract[c] = ai_cv_attract(all[0], all[1], prior);
    }
    for (size_t i = 0; i < cv->n; i++) {
        struct ai_cv_pred *p = &cv->pred[i];
        const double *all = &sum[((size_t)cv->folds * nclass + p->pred) * 2];
        const double *own = &sum[((size_t)p->fold * nclass + p->pred) * 2];
        p->sig.v[AI_SIG_ATTRACT] = ai_cv_attract(all[0] - own[0], all[1] - own[1], prior);
    }
    free(sum);
    return AI_OK;
}

static int fit_second_stage(struct ai_cv_result *cv)
{
    struct ai_oos_signals *x = malloc((cv->n + 1) * sizeof *x);
    uint8_t *y = malloc(cv->n + 1);
    float *w = malloc((cv->n + 1) * sizeof *w);
    int rc = AI_ENOMEM;
    if (!x || !y || !w)
        goto out;
    for (size_t i = 0; i < cv->n; i++) {
        x[i] = cv->pred[i].sig;
        y[i] = cv->pred[i].truth == cv->pred[i].pred;
        w[i] = cv->pred[i].weight;
    }
    rc = ai_oos_fit(x, y, w, cv->n, &cv->calib);
    if (rc == AI_ENODATA)
        rc = AI_OK; /* all right or all wrong: keep the softmax's probability */
    for (size_t i = 0; rc == AI_OK && i < cv->n; i++)
        cv->pred[i].conf = ai_oos_prob(&cv->calib, &cv->pred[i].sig);
out:
    free(x);
    free(y);
    free(w);
    return rc;
}

int ai_crossval_train(const char *const *texts, const uint32_t *labels, size_t n, uint32_t nclass,
                      const char *const *neg, size_t nneg, const struct ai_train_opts *o,
                      const struct ai_cv_opts *co, struct ai_classifier *clf,
                      struct ai_exemplars *ex, struct ai_cv_result *cv, struct ai_train_report *rep)
{
    memset(clf, 0, sizeof *clf);
    memset(ex, 0, sizeof *ex);
    memset(cv, 0, sizeof *cv);
    struct ai_train_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    struct ai_cv_opts copts = co ? *co : (struct ai_cv_opts){0};
    if (!(copts.oos_share > 0) && o->unknown_share > 0)
        copts.oos_share = (float)o->unknown_share;
    if (!copts.folds)
        copts.folds = 4;
    if (!(copts.row_frac > 0))
        copts.row_frac = 0.2f;
    if (!(copts.oos_share > 0))
        copts.oos_share = 0.25f;
    if (copts.oos_share >= 0.9f ||
        copts.row_frac * (float)(copts.folds < MAX_FOLDS ? copts.folds : MAX_FOLDS) > 1.0f)
        return AI_EINVAL;
    if (nclass < 2 || nclass > 65535 || n < 2)
        return n < 2 ? AI_ENODATA : AI_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (labels[i] >= nclass)
            return AI_EINVAL;
    double t0 = ai_now_seconds();
    int rc = AI_ENOMEM;
    uint8_t *group = malloc(nclass), *test_fold = malloc(n);
    struct job *jobs = calloc(MAX_FOLDS + 1, sizeof *jobs);
    if (!group || !test_fold || !jobs)
        goto out;
    struct shared sh = {texts, labels, n,      nclass, 0,         neg,
                        nneg,  o,      &copts, group,  test_fold, PTHREAD_MUTEX_INITIALIZER,
                        0};
    sh.folds = ai_cv_plan(n, nclass, copts.folds, copts.row_frac, o->seed, group, test_fold);
    /* The main thread works too; helpers only while there are jobs and cores. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (size_t)cores;
    if (nthreads > sh.folds + 1)
        nthreads = sh.folds + 1;
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    struct worker wk = {&sh, jobs};
    for (size_t t = 1; t < nthreads; t++)
        started[t] = pthread_create(&tid[t], NULL, work, &wk) == 0; /* on failure, fewer workers */
    work(&wk);
    for (size_t t = 1; t < nthreads; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.lock);
    for (uint32_t j = 0; j <= sh.folds; j++)
        if (jobs[j].rc < 0 && !(j > 0 && jobs[j].rc == AI_ENODATA)) {
            rc = jobs[j].rc;
            goto out;
        }
    *clf = jobs[0].clf;
    *ex = jobs[0].ex;
    *rep = jobs[0].rep;
    memset(&jobs[0].clf, 0, sizeof jobs[0].clf);
    memset(&jobs[0].ex, 0, sizeof jobs[0].ex);
    cv->folds = sh.folds;
    for (size_t i = 0; i < nneg; i++)
        cv->nnegatives += neg[i] != NULL;
    if (sh.folds) {
        size_t total = 0, used = 0;
        double logt = 0;
        for (uint32_t j = 1; j <= sh.folds; j++) {
            if (jobs[j].rc < 0)
                continue;
            total += jobs[j].npred;
            logt += log(jobs[j].temperature);
            used++;
        }
        cv->temperature = used ? exp(logt / (double)used) : 1.0;
        clf->temperature = (float)cv->temperature;
        rep->temperature = cv->temperature;
        cv->pred = malloc((total + 1) * sizeof *cv->pred);
        if (!cv->pred)
            goto out;
        for (uint32_t j = 1; j <= sh.folds; j++) {
            memcpy(cv->pred + cv->n, jobs[j].pred, jobs[j].npred * sizeof *cv->pred);
            cv->n += jobs[j].npred;
        }
        if ((rc = set_attract(cv, nclass)) < 0 || (rc = fit_second_stage(cv)) < 0)
            goto out;
    }
    rc = AI_OK;
out:
    for (uint32_t j = 0; jobs && j <= MAX_FOLDS; j++) {
        ai_classifier_cleanup(&jobs[j].clf);
        ai_exemplars_cleanup(&jobs[j].ex);
        free(jobs[j].pred);
    }
    free(jobs);
    free(group);
    free(test_fold);
    if (rc < 0) {
        ai_classifier_cleanup(clf);
        ai_exemplars_cleanup(ex);
        ai_cv_result_cleanup(cv);
    } else {
        cv->seconds = ai_now_seconds() - t0;
        rep->seconds = cv->seconds;
    }
    return rc;
}
