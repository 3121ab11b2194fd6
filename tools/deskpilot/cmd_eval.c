/* cmd_eval: `deskpilot eval` -- train the intent classifier on one CSV, report on another. */
#include <errno.h>
#include <json.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ai/classifier.h"
#include "ai/csv.h"
#include "ai/metrics.h"
#include "ai/session.h"
#include "ai/status.h"
#include "cli.h"
#include "commands.h"

static const char usage[] =
    "usage: deskpilot eval --train TRAIN.csv --test TEST.csv [--oos-label LABEL] [--threshold T] [--json]\n"
    "       [--predictions OUT.tsv]   (one line per test row: truth, prediction, confidence, text)\n"
    "       tuning: [--seed N] [--epochs N] [--lambda X] [--lr X] [--models N] [--hinge X] [--dropout P] [--calib F]\n"
    "               [--min-df N] [--chars MIN-MAX] [--xchars MIN-MAX] [--block-weights W,B,C[,T,S,X,U]] [--no-refit]\n"
    "CSV files need a header with a text column and a category (or intent, label) column.\n";

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
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->name, cap * sizeof *p);
        if (!p)
            return -1;
        l->name = p;
        l->cap = cap;
    }
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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
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
        fprintf(stderr, "deskpilot eval: %s:1: the header needs a text column and a category, intent or label column\n", path);
        return -1;
    }
    return 0;
}

struct eval_args {
    const char *train, *test, *oos, *predictions;
    double threshold;
    bool json;
    struct ai_train_opts opts;
};

static int parse_args(int argc, char **argv, struct eval_args *a)
{
    memset(a, 0, sizeof *a);
    a->threshold = 0.75;
    ai_train_opts_default(&a->opts);
    for (int i = 1; i < argc; i++) {
        const char *k = argv[i];
        if (strcmp(k, "--json") == 0) {
            a->json = true;
            continue;
        }
        if (strcmp(k, "--no-refit") == 0) {
            a->opts.refit = 0;
            continue;
        }
        if (strcmp(k, "--help") == 0 || strcmp(k, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "deskpilot eval: %s needs a value\n%s", k, usage);
            return 2;
        }
        const char *v = argv[++i];
        double d;
        unsigned long u;
        bool ok = true;
        if (strcmp(k, "--train") == 0)
            a->train = v;
        else if (strcmp(k, "--test") == 0)
            a->test = v;
        else if (strcmp(k, "--oos-label") == 0)
            a->oos = v;
        else if (strcmp(k, "--predictions") == 0)
            a->predictions = v;
        else if (strcmp(k, "--threshold") == 0)
            ok = cli_double(v, 0, 1, &a->threshold);
        else if (strcmp(k, "--seed") == 0) {
            if ((ok = cli_uint(v, 0, ULONG_MAX, &u)))
                a->opts.seed = u;
        } else if (strcmp(k, "--epochs") == 0) {
            if ((ok = cli_uint(v, 1, 1000, &u)))
                a->opts.epochs = (uint32_t)u;
        } else if (strcmp(k, "--min-df") == 0) {
            if ((ok = cli_uint(v, 1, 1000, &u)))
                a->opts.min_df = (uint32_t)u;
        } else if (strcmp(k, "--lambda") == 0) {
            if ((ok = cli_double(v, 0, 1, &d)))
                a->opts.lambda = (float)d;
        } else if (strcmp(k, "--lr") == 0) {
            if ((ok = cli_double(v, 1e-6, 100, &d)))
                a->opts.lr = (float)d;
        } else if (strcmp(k, "--hinge") == 0) {
            if ((ok = cli_double(v, 0, 100, &d)))
                a->opts.hinge_weight = (float)d;
        } else if (strcmp(k, "--models") == 0) {
            if ((ok = cli_uint(v, 1, 16, &u)))
                a->opts.models = (uint32_t)u;
        } else if (strcmp(k, "--dropout") == 0) {
            if ((ok = cli_double(v, 0, 0.9, &d)))
                a->opts.dropout = (float)d;
        } else if (strcmp(k, "--calib") == 0) {
            if ((ok = cli_double(v, 0, 0.49, &d)))
                a->opts.calib_frac = (float)d;
        }
        else if (strcmp(k, "--chars") == 0) {
            unsigned lo, hi;
            char tail;
            ok = sscanf(v, "%u-%u%c", &lo, &hi, &tail) == 2 && lo >= 1 && hi <= 8 && lo <= hi;
            if (ok) {
                a->opts.feat.char_min = (uint8_t)lo;
                a->opts.feat.char_max = (uint8_t)hi;
            }
        } else if (strcmp(k, "--xchars") == 0) {
            unsigned lo, hi;
            char tail;
            ok = sscanf(v, "%u-%u%c", &lo, &hi, &tail) == 2 && lo >= 1 && hi <= 8 && lo <= hi;
            if (ok) {
                a->opts.feat.xchar_min = (uint8_t)lo;
                a->opts.feat.xchar_max = (uint8_t)hi;
            }
        } else if (strcmp(k, "--block-weights") == 0) {
            /* word,bigram,char[,trigram,skip,xchar,surface]; 0 switches a family off. */
            const char *p = v;
            int b = 0;
            a->opts.feat.blocks = 0;
            while (ok && b < AI_NBLOCKS && *p) {
                char *end;
                double w = strtod(p, &end);
                ok = end != p && w >= 0 && w <= 100 && (*end == ',' || *end == '\0');
                a->opts.feat.block_weight[b] = (float)w;
                if (w > 0)
                    a->opts.feat.blocks |= (uint8_t)(1u << b);
                b++;
                p = *end == ',' ? end + 1 : end;
            }
            ok = ok && !*p && a->opts.feat.blocks;
        } else {
            fprintf(stderr, "deskpilot eval: unknown option %s\n%s", k, usage);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "deskpilot eval: bad value for %s: %s\n%s", k, v, usage);
            return 2;
        }
    }
    if (!a->train || !a->test) {
        fprintf(stderr, "deskpilot eval: --train and --test are required\n%s", usage);
        return 2;
    }
    return 0;
}

static void print_json(const struct eval_args *a, const struct ai_metrics *m, double train_s, double us)
{
    json_object *o = json_object_new_object();
    json_object *cap = json_object_new_object();
    if (!o || !cap) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        json_object_put(o);
        json_object_put(cap);
        return;
    }
    json_object_object_add(o, "accuracy", json_object_new_double(m->accuracy));
    json_object_object_add(o, "macro_f1", json_object_new_double(m->macro_f1));
    json_object_object_add(o, "ece", json_object_new_double(m->ece));
    json_object_object_add(o, "threshold", json_object_new_double(a->threshold));
    json_object_object_add(o, "coverage", json_object_new_double(m->coverage));
    json_object_object_add(o, "precision", json_object_new_double(m->precision));
    json_object_object_add(cap, "0.95", json_object_new_double(m->coverage_at[0]));
    json_object_object_add(cap, "0.97", json_object_new_double(m->coverage_at[1]));
    json_object_object_add(cap, "0.99", json_object_new_double(m->coverage_at[2]));
    json_object_object_add(o, "coverage_at_precision", cap);
    json_object_object_add(o, "oos_false_accept_rate",
                           a->oos && !isnan(m->oos_false_accept) ? json_object_new_double(m->oos_false_accept) : NULL);
    json_object_object_add(o, "train_seconds", json_object_new_double(train_s));
    json_object_object_add(o, "us_per_prediction", json_object_new_double(us));
    puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
}

int cmd_eval(int argc, char **argv)
{
    struct eval_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;

    int status = 1;
    struct ai_csv tr = {0}, te = {0};
    struct labels lab = {0};
    const char **texts = NULL;
    uint32_t *y = NULL;
    struct ai_metric_row *rows = NULL;
    struct ai_classifier clf = {0};
    struct ai_session *s = NULL;
    char msg[512];
    long ttext, tlab, etext, elab;

    if (ai_csv_read_file(a.train, &tr, msg, sizeof msg) < 0 || ai_csv_read_file(a.test, &te, msg, sizeof msg) < 0) {
        fprintf(stderr, "deskpilot eval: %s\n", msg);
        goto out;
    }
    if (find_columns(&tr, a.train, &ttext, &tlab) < 0 || find_columns(&te, a.test, &etext, &elab) < 0)
        goto out;
    texts = malloc((tr.nrows + 1) * sizeof *texts);
    y = malloc((tr.nrows + 1) * sizeof *y);
    rows = malloc((te.nrows + 1) * sizeof *rows);
    if (!texts || !y || !rows || ai_session_new(&s) < 0) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    /* Out-of-scope rows are not an intent: they are not trained on. */
    size_t n = 0;
    for (size_t r = 0; r < tr.nrows; r++) {
        const char *l = ai_csv_cell(&tr, r, (size_t)tlab);
        if (!*l) {
            fprintf(stderr, "deskpilot eval: %s:%zu: empty label\n", a.train, tr.line[r]);
            goto out;
        }
        if (a.oos && strcmp(l, a.oos) == 0)
            continue;
        long c = label_add(&lab, l);
        if (c < 0) {
            fprintf(stderr, "deskpilot eval: out of memory\n");
            goto out;
        }
        texts[n] = ai_csv_cell(&tr, r, (size_t)ttext);
        y[n++] = (uint32_t)c;
    }
    uint32_t nclass = (uint32_t)lab.n;
    if (n < 2 || nclass < 2) {
        fprintf(stderr, "deskpilot eval: %s: need at least 2 labelled rows in 2 classes\n", a.train);
        goto out;
    }
    struct ai_train_report rep;
    rc = ai_classifier_train(texts, y, n, nclass, &a.opts, &clf, &rep);
    if (rc < 0) {
        fprintf(stderr, "deskpilot eval: training failed: %s\n", ai_strerror(rc));
        goto out;
    }
    /* Test labels unseen in training keep their own class number: never predicted, always wrong. */
    size_t m = 0;
    double t0 = now_seconds();
    for (size_t r = 0; r < te.nrows; r++) {
        const char *l = ai_csv_cell(&te, r, (size_t)elab);
        const char *text = ai_csv_cell(&te, r, (size_t)etext);
        struct ai_class_prob top;
        size_t k;
        if ((rc = ai_classifier_top(&clf, s, text, strlen(text), &top, 1, &k)) < 0) {
            fprintf(stderr, "deskpilot eval: prediction failed: %s\n", ai_strerror(rc));
            goto out;
        }
        bool oos = a.oos && strcmp(l, a.oos) == 0;
        long c = oos ? 0 : label_add(&lab, l);
        if (c < 0) {
            fprintf(stderr, "deskpilot eval: out of memory\n");
            goto out;
        }
        rows[m++] = (struct ai_metric_row){.truth = (uint32_t)c, .pred = top.label, .conf = top.prob, .oos = oos};
    }
    double us = m ? (now_seconds() - t0) * 1e6 / (double)m : 0;
    if (a.predictions) {
        FILE *f = fopen(a.predictions, "w");
        if (!f) {
            fprintf(stderr, "deskpilot eval: %s: %s\n", a.predictions, strerror(errno));
            goto out;
        }
        for (size_t r = 0; r < m; r++) {
            const char *text = ai_csv_cell(&te, r, (size_t)etext);
            fprintf(f, "%s\t%s\t%.4f\t", rows[r].oos ? a.oos : lab.name[rows[r].truth], lab.name[rows[r].pred], rows[r].conf);
            for (const char *p = text; *p; p++)
                fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
            fputc('\n', f);
        }
        if (fclose(f) != 0) {
            fprintf(stderr, "deskpilot eval: %s: write failed\n", a.predictions);
            goto out;
        }
    }
    struct ai_metrics met;
    if (ai_metrics_compute(rows, m, (uint32_t)lab.n, a.threshold, &met) < 0) {
        fprintf(stderr, "deskpilot eval: out of memory\n");
        goto out;
    }
    if (a.json) {
        print_json(&a, &met, rep.seconds, us);
    } else {
        printf("train       %s: %zu examples, %u intents, %u features\n", a.train, n, nclass, rep.nfeat);
        printf("calibration %zu held-out examples: T = %.3f, NLL %.4f -> %.4f (held-out accuracy %.4f)\n", rep.calib_n,
               rep.temperature, rep.calib_nll_raw, rep.calib_nll, rep.calib_accuracy);
        printf("test        %s: %zu rows (%zu out of scope)\n", a.test, m, met.n_oos);
        printf("accuracy    %.4f\nmacro-F1    %.4f\nECE         %.4f\n", met.accuracy, met.macro_f1, met.ece);
        printf("threshold   %.2f: coverage %.4f, precision %.4f\n", a.threshold, met.coverage, met.precision);
        printf("coverage at precision 0.95: %.4f  0.97: %.4f  0.99: %.4f\n", met.coverage_at[0], met.coverage_at[1],
               met.coverage_at[2]);
        if (a.oos)
            printf("out-of-scope false-accept rate %.4f\n", met.n_oos ? met.oos_false_accept : 0.0);
        printf("training    %.2f s\nprediction  %.1f us\n", rep.seconds, us);
    }
    status = 0;
out:
    ai_session_free(s);
    ai_classifier_cleanup(&clf);
    free(texts);
    free(y);
    free(rows);
    labels_free(&lab);
    ai_csv_free(&tr);
    ai_csv_free(&te);
    return status;
}
