/* cmd_eval: `deskpilot eval` -- build a model from one CSV, report on another; with
 * --holdout-intents, also how it treats intents it never saw (averaged over seeds). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "ai/calibrate.h"
#include "ai/classifier.h"
#include "ai/clock.h"
#include "ai/csv.h"
#include "ai/metrics.h"
#include "ai/model.h"
#include "ai/rng.h"
#include "ai/session.h"
#include "ai/status.h"
#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/vec.h"
#include "json/jbuild.h"

static const char usage[] =
    "usage: deskpilot eval --train TRAIN.csv --test TEST.csv [--oos-label LABEL] [--threshold T] "
    "[--json]\n"
    "       [--holdout-intents FRACTION [--seeds N]]  (a seeded random FRACTION of the categories "
    "leaves\n"
    "                                 training; their test rows become out of scope; N seeds "
    "0..N-1, mean and sd)\n"
    "       [--target-precision P]    (also report at the threshold the model picks for P; default "
    "0.97)\n"
    "       [--unknown-share S]       (share of unknown-topic tickets the confidence assumes; "
    "default 0.25)\n"
    "       [--extra-oos OTHER.csv [--extra-oos-rows N]]  (add a seeded sample of N rows, default "
    "1000, of\n"
    "                                 another desk's texts -- text or instruction column -- as out "
    "of scope)\n"
    "       [--predictions OUT.tsv]   (one line per test row: truth, prediction, confidence, "
    "text;\n"
    "                                 seed i > 0 of --seeds writes OUT.tsv.i)\n"
    "       tuning: [--seed N] [--epochs N] [--lambda X] [--lr X] [--models N] [--hinge X] "
    "[--dropout P] [--calib F]\n"
    "               [--min-df N] [--chars MIN-MAX] [--xchars MIN-MAX] [--block-weights "
    "W,B,C[,T,S,X,U]] [--no-refit]\n"
    "CSV files need a header with a text column and a category (or intent, label) column.\n"
    "Training rows labelled LABEL (--oos-label) are passed to the build as \"none of ours\" "
    "negatives.\n";

/* Labels seen so far, in first-seen order: label string -> class number. */
struct labels {
    char **name;
    size_t n, cap;
};

static long label_find(const struct labels *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->name[i], s) == 0)
            return (long)i;
    return -1;
}

static long label_add(struct labels *l, const char *s)
{
    long i = label_find(l, s);
    if (i >= 0)
        return i;
    if (VEC_RESERVE(l->name, l->cap, l->n + 1))
        return -1;
    if (!(l->name[l->n] = strdup(s)))
        return -1;
    return (long)l->n++;
}

static void labels_free(struct labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->name[i]);
    free(l->name);
}

/* Find the text and label columns of a parsed file. */
static int find_columns(const struct ai_csv *t, const char *path, long *text_col, long *label_col)
{
    *text_col = ai_csv_column(t, "text");
    *label_col = ai_csv_column(t, "category");
    if (*label_col < 0)
        *label_col = ai_csv_column(t, "intent");
    if (*label_col < 0)
        *label_col = ai_csv_column(t, "label");
    if (*text_col < 0 || *label_col < 0) {
        fprintf(stderr,
                "deskpilot eval: %s:1: the header needs a text column and a category, intent or "
                "label column\n",
                path);
        return -1;
    }
    return 0;
}

struct eval_args {
    const char *train, *test, *oos, *predictions, *extra_oos;
    unsigned long extra_rows;
    double threshold, holdout, target;
    unsigned long seeds;
    bool json, help;
    struct ai_train_opts opts;
};

/* The tuning options as parsed, before they go into struct ai_train_opts (whose
 * fields are narrower than the parser's). */
struct tuning {
    unsigned long seed, epochs, min_df, models;
    double lambda, lr, hinge, dropout, calib;
    const char *chars, *xchars, *blocks;
    bool no_refit;
};

/* "MIN-MAX", 1 <= MIN <= MAX <= 8: a character n-gram range. */
static bool parse_range(const char *v, uint8_t *min, uint8_t *max)
{
    unsigned lo, hi;
    char tail;
    if (sscanf(v, "%u-%u%c", &lo, &hi, &tail) != 2 || lo < 1 || hi > 8 || lo > hi)
        return false;
    *min = (uint8_t)lo;
    *max = (uint8_t)hi;
    return true;
}

/* "W,B,C[,T,S,X,U]": the weight of each feature family, 0 switching it off; at
 * least one must stay on. */
static bool parse_block_weights(const char *v, struct ai_feat_opts *f)
{
    const char *p = v;
    bool ok = true;
    f->blocks = 0;
    for (int b = 0; ok && b < AI_NBLOCKS && *p; b++) {
        char *end;
        double w = strtod(p, &end);
        ok = end != p && w >= 0 && w <= 100 && (*end == ',' || *end == '\0');
        f->block_weight[b] = (float)w;
        if (w > 0)
            f->blocks |= (uint8_t)(1u << b);
        p = *end == ',' ? end + 1 : end;
    }
    return ok && !*p && f->blocks;
}

/* The tuning options into o; false (after saying which) for a malformed range
 * or weight list. */
static bool apply_tuning(const struct tuning *t, struct ai_train_opts *o)
{
    o->seed = t->seed;
    o->epochs = (uint32_t)t->epochs;
    o->min_df = (uint32_t)t->min_df;
    o->models = (uint32_t)t->models;
    o->lambda = (float)t->lambda;
    o->lr = (float)t->lr;
    o->hinge_weight = (float)t->hinge;
    o->dropout = (float)t->dropout;
    o->calib_frac = (float)t->calib;
    if (t->no_refit)
        o->refit = 0;
    const char *name = NULL, *v = NULL;
    if (t->chars && !parse_range(t->chars, &o->feat.char_min, &o->feat.char_max))
        name = "--chars", v = t->chars;
    else if (t->xchars && !parse_range(t->xchars, &o->feat.xchar_min, &o->feat.xchar_max))
        name = "--xchars", v = t->xchars;
    else if (t->blocks && !parse_block_weights(t->blocks, &o->feat))
        name = "--block-weights", v = t->blocks;
    if (name)
        fprintf(stderr, "deskpilot eval: bad value for %s: %s\n", name, v);
    return !name;
}

/* 0, 1 when --help asked for the usage (printed), 2 for a usage error (said). */
static int parse_args(int argc, char **argv, struct eval_args *a)
{
    memset(a, 0, sizeof *a);
    a->threshold = 0.75;
    a->target = 0.97;
    a->seeds = 1;
    a->extra_rows = 1000;
    ai_train_opts_default(&a->opts);
    const struct ai_train_opts *d = &a->opts;
    struct tuning t = {
        .seed = d->seed,
        .epochs = d->epochs,
        .min_df = d->min_df,
        .models = d->models,
        .lambda = d->lambda,
        .lr = d->lr,
        .hinge = d->hinge_weight,
        .dropout = d->dropout,
        .calib = d->calib_frac,
    };
    const struct cli_opt opts[] = {
        {"--help", CLI_FLAG, &a->help, 0, 0},
        {"-h", CLI_FLAG, &a->help, 0, 0},
        {"--json", CLI_FLAG, &a->json, 0, 0},
        {"--train", CLI_STR, &a->train, 0, 0},
        {"--test", CLI_STR, &a->test, 0, 0},
        {"--oos-label", CLI_STR, &a->oos, 0, 0},
        {"--predictions", CLI_STR, &a->predictions, 0, 0},
        {"--extra-oos", CLI_STR, &a->extra_oos, 0, 0},
        {"--extra-oos-rows", CLI_UINT, &a->extra_rows, 1, 10000000},
        {"--threshold", CLI_DOUBLE, &a->threshold, 0, 1},
        {"--holdout-intents", CLI_DOUBLE, &a->holdout, 0, 0.9},
        {"--seeds", CLI_UINT, &a->seeds, 1, 100},
        {"--target-precision", CLI_DOUBLE, &a->target, 0.5, 0.999},
        {"--unknown-share", CLI_DOUBLE, &a->opts.unknown_share, 0.01, 0.85},
        /* Any seed a long long holds (cli_uint's ceiling). */
        {"--seed", CLI_UINT, &t.seed, 0, (double)LLONG_MAX},
        {"--epochs", CLI_UINT, &t.epochs, 1, 1000},
        {"--min-df", CLI_UINT, &t.min_df, 1, 1000},
        {"--models", CLI_UINT, &t.models, 1, 16},
        {"--lambda", CLI_DOUBLE, &t.lambda, 0, 1},
        {"--lr", CLI_DOUBLE, &t.lr, 1e-6, 100},
        {"--hinge", CLI_DOUBLE, &t.hinge, 0, 100},
        {"--dropout", CLI_DOUBLE, &t.dropout, 0, 0.9},
        {"--calib", CLI_DOUBLE, &t.calib, 0, 0.49},
        {"--chars", CLI_STR, &t.chars, 0, 0},
        {"--xchars", CLI_STR, &t.xchars, 0, 0},
        {"--block-weights", CLI_STR, &t.blocks, 0, 0},
        {"--no-refit", CLI_FLAG, &t.no_refit, 0, 0},
    };
    int rc = cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], NULL, 0);
    if (a->help) {
        fputs(usage, stdout);
        return 1;
    }
    if (rc || !apply_tuning(&t, &a->opts)) {
        fputs(usage, stderr);
        return 2;
    }
    if (!a->train || !a->test) {
        fprintf(stderr, "deskpilot eval: --train and --test are required\n%s", usage);
        return 2;
    }
    a->opts.target_precision = a->target;
    return 0;
}

/* One run's numbers: at the fixed threshold and at the model's own for the target. */
struct run {
    struct ai_metrics at_fixed, at_auto;
    double auto_threshold; /* from the model's cross-validation; NAN without */
    double est_far;        /* the model's own estimate of the unknown-topic false-accept rate */
    double cv_accuracy;
    double pi_coverage, pi_precision,
        pi_far; /* with per-intent thresholds for the target (global where none) */
    double est_precision, est_coverage; /* the model's own CV estimate at its global threshold */
    double
        ece_all; /* of the OOS-aware confidence over every row, unknown topics counting as wrong */
    double ece_catalogue; /* of the in-catalogue top probability over the in-scope rows */
    double train_s, us;
    size_t ntrain, nneg, nheld;
    uint32_t nclass;
};

/* One test row: from the test file, or another desk's text (out of scope). */
struct test_row {
    const char *text, *label; /* label NULL: out of scope */
};

/* Inputs shared by the runs. */
struct data {
    struct ai_csv tr, te, extra;
    long ttext, tlab, etext, elab;
    struct test_row *test;
    size_t ntest;
    struct labels lab; /* train categories first (first-seen order), then test-only ones */
    size_t ntrain_labels;
};

/* Which train categories seed leaves out: a seeded shuffle, the first round(frac * n).
 * perm is scratch for n entries. */
static void pick_held(const struct data *d, double frac, uint64_t seed, uint32_t *perm, bool *held)
{
    size_t n = d->ntrain_labels, k = (size_t)(frac * (double)n + 0.5);
    for (size_t i = 0; i < n; i++) {
        perm[i] = (uint32_t)i;
        held[i] = false;
    }
    struct ai_rng rng;
    ai_rng_seed(&rng, seed);
    for (size_t i = n; i > 1; i--) {
        uint32_t j = ai_rng_below(&rng, (uint32_t)i), t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < k && i < n; i++)
        held[perm[i]] = true;
}

/* Build a model from the train rows (held categories left out, --oos-label rows as
 * negatives) into a temporary file, classify every test row through it. */
static int run_once(const struct eval_args *a, struct data *d, const bool *held,
                    const char *predictions, struct run *out)
{
    memset(out, 0, sizeof *out);
    int status = -1;
    struct ai_example *ex = malloc((d->tr.nrows + 1) * sizeof *ex);
    struct ai_metric_row *rows = malloc((d->ntest + 1) * sizeof *rows);
    struct ai_model *m = NULL;
    struct ai_session *s = NULL;
    char path[] = "/tmp/deskpilot-eval.XXXXXX";
    char msg[512];
    int fd = -1;
    if (!ex || !rows || ai_session_new(&s) < 0) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    size_t n = 0;
    for (size_t r = 0; r < d->tr.nrows; r++) {
        const char *l = ai_csv_cell(&d->tr, r, (size_t)d->tlab);
        const char *text = ai_csv_cell(&d->tr, r, (size_t)d->ttext);
        if (a->oos && strcmp(l, a->oos) == 0) {
            ex[n++] = (struct ai_example){text, NULL};
            out->nneg++;
            continue;
        }
        long c = label_find(&d->lab, l);
        if (held && held[c])
            continue;
        ex[n++] = (struct ai_example){text, l};
        out->ntrain++;
    }
    for (size_t i = 0; held && i < d->ntrain_labels; i++)
        out->nheld += held[i];
    out->nclass = (uint32_t)(d->ntrain_labels - out->nheld);
    if (out->ntrain < 2 || out->nclass < 2) {
        fprintf(stderr, "deskpilot eval: %s: need at least 2 labelled rows in 2 classes\n",
                a->train);
        goto out;
    }
    if ((fd = mkstemp(path)) < 0) {
        fprintf(stderr, "deskpilot eval: %s: %s\n", path, strerror(errno));
        goto out;
    }
    close(fd);
    struct ai_build_input in = {.version = 1, .examples = ex, .nexamples = n, .opts = &a->opts};
    struct ai_build_report rep;
    if (ai_model_build(path, &in, &rep, msg, sizeof msg) < 0 ||
        ai_model_open(path, &m, msg, sizeof msg) < 0) {
        fprintf(stderr, "deskpilot eval: %s\n", msg);
        goto out;
    }
    out->train_s = rep.seconds;
    const struct ai_model_report *mr = ai_model_report(m);
    out->auto_threshold = mr ? mr->build_threshold : NAN;
    out->est_far = mr ? mr->oos_false_accept_rate : NAN;
    out->cv_accuracy = mr ? mr->cv_accuracy : NAN;
    out->est_precision = mr ? mr->build_precision : NAN;
    out->est_coverage = mr ? mr->build_coverage : NAN;
    /* Test rows of held-out or --oos-label categories have no right answer; test-only
     * labels keep their own class number: never predicted, always wrong. */
    size_t k = 0;
    double t0 = ai_now_seconds();
    for (size_t r = 0; r < d->ntest; r++) {
        const char *l = d->test[r].label;
        const char *text = d->test[r].text;
        struct ai_intent_guess g;
        size_t ng;
        int rc = ai_model_classify(m, s, text, strlen(text), &g, 1, &ng);
        if (rc < 0 || ng != 1) {
            fprintf(stderr, "deskpilot eval: prediction failed: %s\n", ai_strerror(rc));
            goto out;
        }
        long c = l ? label_find(&d->lab, l) : -1;
        bool oos = !l || (a->oos && strcmp(l, a->oos) == 0) ||
                   (held && c >= 0 && (size_t)c < d->ntrain_labels && held[c]);
        long p = label_find(&d->lab, g.intent);
        rows[k++] = (struct ai_metric_row){
            .truth = oos ? 0 : (uint32_t)c, .pred = (uint32_t)p, .conf = g.prob, .oos = oos};
    }
    out->us = k ? (ai_now_seconds() - t0) * 1e6 / (double)k : 0;
    /* Untimed: the calibration of each kind of probability. */
    float *conf = malloc((k + 1) * sizeof *conf);
    uint8_t *ok = malloc(k + 1);
    if (!conf || !ok) {
        free(conf);
        free(ok);
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    for (size_t r = 0; r < k; r++) {
        conf[r] = rows[r].conf;
        ok[r] = !rows[r].oos && rows[r].pred == rows[r].truth;
    }
    out->ece_all = ai_calib_ece(conf, ok, k, 15);
    /* Per-intent thresholds where the model has enough CV data, else the global one. */
    size_t acc = 0, acc_ok = 0, acc_oos = 0, noos = 0;
    for (size_t r = 0; r < k; r++) {
        double t = out->auto_threshold, p, c;
        if (isnan(t) || ai_model_threshold(m, d->lab.name[rows[r].pred], a->target, &t, &p, &c) < 0)
            t = isnan(out->auto_threshold) ? a->threshold : out->auto_threshold;
        noos += rows[r].oos;
        if (rows[r].conf >= t) {
            acc++;
            acc_ok += ok[r];
            acc_oos += rows[r].oos;
        }
    }
    out->pi_coverage = k ? (double)acc / (double)k : 0;
    out->pi_precision = acc ? (double)acc_ok / (double)acc : 1;
    out->pi_far = noos ? (double)acc_oos / (double)noos : NAN;
    size_t nin = 0;
    for (size_t r = 0; r < k; r++) {
        const char *text = d->test[r].text;
        struct ai_class_prob top;
        size_t nt;
        if (rows[r].oos ||
            ai_classifier_top(ai_model_classifier(m), s, text, strlen(text), &top, 1, &nt) < 0 ||
            !nt)
            continue;
        conf[nin] = top.prob;
        ok[nin++] = rows[r].pred == rows[r].truth;
    }
    out->ece_catalogue = ai_calib_ece(conf, ok, nin, 15);
    free(conf);
    free(ok);
    if (predictions) {
        FILE *f = fopen(predictions, "w");
        if (!f) {
            fprintf(stderr, "deskpilot eval: %s: %s\n", predictions, strerror(errno));
            goto out;
        }
        for (size_t r = 0; r < k; r++) {
            const char *text = d->test[r].text;
            fprintf(f, "%s\t%s\t%.4f\t",
                    rows[r].oos ? (a->oos ? a->oos : "(held out)") : d->lab.name[rows[r].truth],
                    d->lab.name[rows[r].pred], rows[r].conf);
            for (const char *q = text; *q; q++)
                fputc(*q == '\t' || *q == '\n' || *q == '\r' ? ' ' : *q, f);
            fputc('\n', f);
        }
        if (fclose(f) != 0) {
            fprintf(stderr, "deskpilot eval: %s: write failed\n", predictions);
            goto out;
        }
    }
    if (ai_metrics_compute(rows, k, (uint32_t)d->lab.n, a->threshold, &out->at_fixed) < 0 ||
        ai_metrics_compute(rows, k, (uint32_t)d->lab.n,
                           isnan(out->auto_threshold) ? a->threshold : out->auto_threshold,
                           &out->at_auto) < 0) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    status = 0;
out:
    if (fd >= 0)
        unlink(path);
    ai_model_close(m);
    ai_session_free(s);
    free(ex);
    free(rows);
    return status;
}

/* Mean and sample standard deviation of x[i * stride] over n runs. */
static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double s = 0, q = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        q += (x[i] - *mean) * (x[i] - *mean);
    *sd = n > 1 ? sqrt(q / (double)(n - 1)) : 0;
}

/* The numbers a run reports, by name, for the table, the JSON and the averages. */
enum {
    F_ACC,
    F_F1,
    F_ECE,
    F_ECE_ALL,
    F_ECE_CAT,
    F_COV,
    F_PREC,
    F_FAR,
    F_C95,
    F_C97,
    F_C99,
    F_AUTO_T,
    F_AUTO_COV,
    F_AUTO_PREC,
    F_AUTO_FAR,
    F_EST_FAR,
    F_EST_PREC,
    F_EST_COV,
    F_PI_COV,
    F_PI_PREC,
    F_PI_FAR,
    F_CV_ACC,
    F_TRAIN,
    F_US,
    F_COUNT
};
static const char *const field_name[F_COUNT] = {"accuracy",
                                                "macro_f1",
                                                "ece",
                                                "ece_all_rows",
                                                "ece_in_catalogue",
                                                "coverage",
                                                "precision",
                                                "oos_false_accept_rate",
                                                "0.95",
                                                "0.97",
                                                "0.99",
                                                "auto_threshold",
                                                "auto_coverage",
                                                "auto_precision",
                                                "auto_oos_false_accept_rate",
                                                "estimated_oos_false_accept_rate",
                                                "estimated_precision",
                                                "estimated_coverage",
                                                "per_intent_coverage",
                                                "per_intent_precision",
                                                "per_intent_oos_false_accept_rate",
                                                "cv_accuracy",
                                                "train_seconds",
                                                "us_per_prediction"};

static void run_fields(const struct run *r, double *v)
{
    const struct ai_metrics *m = &r->at_fixed, *a = &r->at_auto;
    v[F_ACC] = m->accuracy;
    v[F_F1] = m->macro_f1;
    v[F_ECE] = m->ece;
    v[F_ECE_ALL] = r->ece_all;
    v[F_ECE_CAT] = r->ece_catalogue;
    v[F_COV] = m->coverage;
    v[F_PREC] = m->precision;
    v[F_FAR] = m->n_oos ? m->oos_false_accept : NAN;
    v[F_C95] = m->coverage_at[0];
    v[F_C97] = m->coverage_at[1];
    v[F_C99] = m->coverage_at[2];
    v[F_AUTO_T] = r->auto_threshold;
    v[F_AUTO_COV] = a->coverage;
    v[F_AUTO_PREC] = a->precision;
    v[F_AUTO_FAR] = a->n_oos ? a->oos_false_accept : NAN;
    v[F_EST_FAR] = r->est_far;
    v[F_EST_PREC] = r->est_precision;
    v[F_EST_COV] = r->est_coverage;
    v[F_PI_COV] = r->pi_coverage;
    v[F_PI_PREC] = r->pi_precision;
    v[F_PI_FAR] = r->pi_far;
    v[F_CV_ACC] = r->cv_accuracy;
    v[F_TRAIN] = r->train_s;
    v[F_US] = r->us;
}

/* Every run's fields (v[i]), and their mean and standard deviation over the runs. */
static void summarise(const struct run *runs, size_t nruns, double (*v)[F_COUNT], double *mean,
                      double *sd)
{
    for (size_t i = 0; i < nruns; i++)
        run_fields(&runs[i], v[i]);
    for (int f = 0; f < F_COUNT; f++) {
        double x[100];
        for (size_t i = 0; i < nruns; i++)
            x[i] = v[i][f];
        mean_sd(x, nruns, &mean[f], &sd[f]);
    }
}

/* A number, or null when it was not measured (NAN). */
static void num_or_null(struct jbuild *jb, const char *key, double x)
{
    if (isnan(x))
        jb_null(jb, key);
    else
        jb_dbl(jb, key, x);
}

/* Fields into jb: the coverage-at-precision ones grouped in their own object, last. */
static void add_fields(struct jbuild *jb, const double *v)
{
    struct jbuild cap;
    jb_object(&cap, jb->arena);
    for (int f = 0; f < F_COUNT; f++)
        num_or_null(f >= F_C95 && f <= F_C99 ? &cap : jb, field_name[f], v[f]);
    jb_child(jb, "coverage_at_precision", jb_finish(&cap));
}

/* The report as one JSON object on stdout; -1 when out of memory (said). */
static int print_json(const struct eval_args *a, const struct run *runs, size_t nruns)
{
    double v[100][F_COUNT], mean[F_COUNT], sd[F_COUNT];
    summarise(runs, nruns, v, mean, sd);
    struct arena ar;
    arena_init(&ar, 0);
    struct jbuild o;
    jb_object(&o, &ar);
    add_fields(&o, mean);
    jb_dbl(&o, "threshold", a->threshold);
    jb_dbl(&o, "target_precision", a->target);
    if (a->holdout > 0) {
        jb_dbl(&o, "holdout_intents", a->holdout);
        jb_int(&o, "seeds", (long long)nruns);
        jb_int(&o, "heldout_per_seed", (long long)runs[0].nheld);
        struct jbuild sdo, per;
        jb_object(&sdo, &ar);
        add_fields(&sdo, sd);
        jb_child(&o, "sd", jb_finish(&sdo));
        jb_array(&per, &ar);
        for (size_t i = 0; i < nruns; i++) {
            struct jbuild r;
            jb_object(&r, &ar);
            jb_int(&r, "seed", (long long)i);
            add_fields(&r, v[i]);
            jb_push_child(&per, jb_finish(&r));
        }
        jb_child(&o, "per_seed", jb_finish(&per));
    }
    int rc = cli_print_json("eval", jb_finish(&o));
    arena_cleanup(&ar);
    return rc;
}

static void print_text(const struct eval_args *a, const struct data *d, const struct run *runs,
                       size_t nruns)
{
    double v[100][F_COUNT], mean[F_COUNT], sd[F_COUNT];
    summarise(runs, nruns, v, mean, sd);
    const struct run *r0 = &runs[0];
    printf("train       %s: %zu examples, %u intents, %zu negatives\n", a->train, r0->ntrain,
           r0->nclass, r0->nneg);
    if (a->holdout > 0) {
        printf(
            "held out    %zu of %zu categories per seed (fraction %.2f), %zu seeds; mean +- sd\n",
            r0->nheld, d->ntrain_labels, a->holdout, nruns);
        for (size_t i = 0; i < nruns; i++)
            printf("  seed %-3zu  false-accept %.4f  precision %.4f  coverage %.4f  cov@97 %.4f  "
                   "accuracy %.4f\n",
                   i, v[i][F_FAR], v[i][F_PREC], v[i][F_COV], v[i][F_C97], v[i][F_ACC]);
    }
    printf("test        %s: %zu rows (%zu out of scope)\n", a->test, r0->at_fixed.n,
           r0->at_fixed.n_oos);
#define ROW(label, f) printf("%-34s %.4f +- %.4f\n", label, mean[f], sd[f])
    ROW("accuracy (in scope)", F_ACC);
    ROW("macro-F1", F_F1);
    ROW("ECE (in scope)", F_ECE);
    if (r0->at_fixed.n_oos)
        ROW("ECE (all rows, unknown = wrong)", F_ECE_ALL);
    ROW("ECE of in-catalogue probability", F_ECE_CAT);
    printf("threshold %.2f:\n", a->threshold);
    ROW("  coverage", F_COV);
    ROW("  precision", F_PREC);
    if (r0->at_fixed.n_oos)
        ROW("  unknown-topic false-accept rate", F_FAR);
    ROW("coverage at precision 0.95", F_C95);
    ROW("coverage at precision 0.97", F_C97);
    ROW("coverage at precision 0.99", F_C99);
    if (!isnan(mean[F_AUTO_T])) {
        printf("threshold picked for %.2f (cross-validated):\n", a->target);
        ROW("  threshold", F_AUTO_T);
        ROW("  coverage", F_AUTO_COV);
        ROW("  precision", F_AUTO_PREC);
        if (r0->at_fixed.n_oos)
            ROW("  unknown-topic false-accept rate", F_AUTO_FAR);
        ROW("  estimated (CV) precision", F_EST_PREC);
        ROW("  estimated (CV) coverage", F_EST_COV);
        ROW("  estimated (CV) false-accept rate", F_EST_FAR);
        printf("per-intent thresholds picked for %.2f (global where an intent has too little CV "
               "data):\n",
               a->target);
        ROW("  coverage", F_PI_COV);
        ROW("  precision", F_PI_PREC);
        if (r0->at_fixed.n_oos)
            ROW("  unknown-topic false-accept rate", F_PI_FAR);
        ROW("cross-validated accuracy", F_CV_ACC);
    }
    ROW("training seconds", F_TRAIN);
    ROW("us per prediction", F_US);
#undef ROW
}

/* The test rows: the test file's, then (--extra-oos) a seeded sample of another
 * file's texts, drawn without replacement, as out of scope. */
static int load_test_rows(const struct eval_args *a, struct data *d)
{
    char msg[512];
    long xtext = -1;
    size_t nextra = 0;
    if (a->extra_oos) {
        if (ai_csv_read_file(a->extra_oos, &d->extra, msg, sizeof msg) < 0) {
            fprintf(stderr, "deskpilot eval: %s\n", msg);
            return -1;
        }
        xtext = ai_csv_column(&d->extra, "text");
        if (xtext < 0)
            xtext = ai_csv_column(&d->extra, "instruction");
        if (xtext < 0) {
            fprintf(stderr, "deskpilot eval: %s:1: the header needs a text or instruction column\n",
                    a->extra_oos);
            return -1;
        }
        nextra = a->extra_rows < d->extra.nrows ? a->extra_rows : d->extra.nrows;
    }
    d->test = malloc((d->te.nrows + nextra + 1) * sizeof *d->test);
    uint32_t *perm = malloc((d->extra.nrows + 1) * sizeof *perm);
    if (!d->test || !perm) {
        free(perm);
        fprintf(stderr, "deskpilot eval: out of memory\n");
        return -1;
    }
    for (size_t r = 0; r < d->te.nrows; r++)
        d->test[d->ntest++] = (struct test_row){ai_csv_cell(&d->te, r, (size_t)d->etext),
                                                ai_csv_cell(&d->te, r, (size_t)d->elab)};
    /* A partial Fisher-Yates shuffle with a fixed seed: the same sample every run. */
    struct ai_rng rng;
    ai_rng_seed(&rng, 0xb17e7);
    for (size_t i = 0; i < d->extra.nrows; i++)
        perm[i] = (uint32_t)i;
    for (size_t i = 0; i < nextra; i++) {
        size_t j = i + ai_rng_below(&rng, (uint32_t)(d->extra.nrows - i));
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        d->test[d->ntest++] =
            (struct test_row){ai_csv_cell(&d->extra, perm[i], (size_t)xtext), NULL};
    }
    free(perm);
    return 0;
}

int cmd_eval(int argc, char **argv)
{
    struct eval_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;
    int status = 1;
    struct data d;
    memset(&d, 0, sizeof d);
    char msg[512];
    size_t nruns = a.holdout > 0 ? a.seeds : 1;
    struct run *runs = calloc(nruns, sizeof *runs);
    bool *held = NULL;
    uint32_t *perm = NULL;
    if (!runs) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    if (ai_csv_read_file(a.train, &d.tr, msg, sizeof msg) < 0 ||
        ai_csv_read_file(a.test, &d.te, msg, sizeof msg) < 0) {
        fprintf(stderr, "deskpilot eval: %s\n", msg);
        goto out;
    }
    if (find_columns(&d.tr, a.train, &d.ttext, &d.tlab) < 0 ||
        find_columns(&d.te, a.test, &d.etext, &d.elab) < 0)
        goto out;
    if (load_test_rows(&a, &d) < 0)
        goto out;
    for (int pass = 0; pass < 2; pass++) {
        const struct ai_csv *t = pass ? &d.te : &d.tr;
        long col = pass ? d.elab : d.tlab;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *l = ai_csv_cell(t, r, (size_t)col);
            if (!*l) {
                fprintf(stderr, "deskpilot eval: %s:%zu: empty label\n", pass ? a.test : a.train,
                        t->line[r]);
                goto out;
            }
            if (a.oos && strcmp(l, a.oos) == 0)
                continue;
            if (label_add(&d.lab, l) < 0) {
                fprintf(stderr, "deskpilot eval: out of memory\n");
                goto out;
            }
        }
        if (!pass)
            d.ntrain_labels = d.lab.n;
    }
    held = calloc(d.ntrain_labels + 1, sizeof *held);
    perm = malloc((d.ntrain_labels + 1) * sizeof *perm);
    if (!held || !perm) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    for (size_t i = 0; i < nruns; i++) {
        if (a.holdout > 0)
            pick_held(&d, a.holdout, i, perm, held);
        /* One predictions file per seed: OUT.tsv, OUT.tsv.1, OUT.tsv.2, ... */
        char pred[4096];
        if (a.predictions)
            snprintf(pred, sizeof pred, i ? "%s.%zu" : "%s", a.predictions, i);
        if (run_once(&a, &d, a.holdout > 0 ? held : NULL, a.predictions ? pred : NULL, &runs[i]) <
            0)
            goto out;
        if (!a.json && nruns > 1)
            fprintf(stderr, "seed %zu done\n", i);
    }
    if (a.json && print_json(&a, runs, nruns) < 0)
        goto out;
    if (!a.json)
        print_text(&a, &d, runs, nruns);
    status = 0;
out:
    free(runs);
    free(held);
    free(perm);
    labels_free(&d.lab);
    ai_csv_free(&d.tr);
    ai_csv_free(&d.te);
    ai_csv_free(&d.extra);
    free(d.test);
    return status;
}
