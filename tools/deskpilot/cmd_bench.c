/* cmd_bench: `deskpilot bench` -- build models over synthetic resolved-ticket
 * histories and measure size, load time, memory and per-ticket latency. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ai/clock.h"
#include "ai/csv.h"
#include "ai/model.h"
#include "ai/rng.h"
#include "ai/status.h"
#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/vec.h"
#include "json/jbuild.h"

#define DEFAULT_DATA "tests/data/banking77" /* relative to the repository root */
#define MAX_SIZES 8

static const char usage[] =
    "usage: deskpilot bench [--sizes N,N,...] [--queries N] [--delta N] [--data DIR] [--dir DIR] "
    "[--seed N] [--json]\n"
    "  Builds one model per history size (default 10000,100000,1000000 resolved tickets, "
    "generated\n"
    "  deterministically from the Banking77 sentences in DIR/train.csv, or from a built-in word "
    "list\n"
    "  when absent), then times classify + top-5 similar (model + a delta of --delta items) for\n"
    "  --queries tickets (DIR/test.csv sentences). Model files go to --dir (default /tmp), removed "
    "after.\n";

/* Used when the data set is absent: plausible support words, most common first. */
static const char *const fallback_words[] = {
    "i",           "my",      "the",      "to",          "a",       "is",       "card",
    "account",     "not",     "can",      "how",         "do",      "it",       "why",
    "money",       "payment", "transfer", "what",        "have",    "in",       "for",
    "was",         "top",     "up",       "this",        "been",    "get",      "me",
    "on",          "you",     "cash",     "still",       "pending", "refund",   "charged",
    "fee",         "app",     "pin",      "atm",         "help",    "bank",     "need",
    "exchange",    "rate",    "currency", "declined",    "verify",  "identity", "password",
    "blocked",     "lost",    "stolen",   "new",         "arrive",  "delivery", "address",
    "change",      "limit",   "balance",  "wrong",       "amount",  "twice",    "cancel",
    "order",       "phone",   "apple",    "pay",         "google",  "virtual",  "disposable",
    "contactless", "salary",  "receive",  "received",    "sent",    "failed",   "reverted",
    "beneficiary", "country", "support",  "cheque",      "direct",  "debit",    "statement",
    "unknown",     "fraud",   "crypto",   "transaction", "days",    "week",     "yesterday",
    "today",       "please",
};

struct corpus {
    struct ai_csv train, test;
    bool have;
    long ttext, tlab, etext;
    char **vocab; /* distinct words of the training sentences, for substitutions */
    size_t nvocab;
};

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *word_of(const struct corpus *c, struct ai_rng *r)
{
    if (c->nvocab) {
        /* Skew toward frequent words: the vocabulary is in first-seen order. */
        uint32_t i = ai_rng_below(r, (uint32_t)c->nvocab);
        return c->vocab[ai_rng_below(r, i + 1)];
    }
    size_t n = sizeof fallback_words / sizeof fallback_words[0];
    uint32_t i = ai_rng_below(r, (uint32_t)n);
    return fallback_words[ai_rng_below(r, i + 1)];
}

static int vocab_build(struct corpus *c)
{
    size_t cap = 0;
    for (size_t r = 0; r < c->train.nrows; r++) {
        const char *s = ai_csv_cell(&c->train, r, (size_t)c->ttext);
        while (*s) {
            while (*s == ' ')
                s++;
            size_t n = strcspn(s, " ");
            if (n == 0)
                break;
            bool seen = false;
            for (size_t i = 0; i < c->nvocab && !seen; i++)
                seen = strlen(c->vocab[i]) == n && memcmp(c->vocab[i], s, n) == 0;
            if (!seen && c->nvocab < 4000) {
                if (VEC_RESERVE(c->vocab, cap, c->nvocab + 1))
                    return -1;
                if (!(c->vocab[c->nvocab] = strndup(s, n)))
                    return -1;
                c->nvocab++;
            }
            s += n;
        }
    }
    return 0;
}

/* Ticket i: 1-3 sentences of one intent (10-40 words), ~10% of words swapped
 * for corpus words, sometimes an order number. Deterministic in (seed, i). */
static char *make_ticket(const struct corpus *c, uint64_t seed, size_t i, const char **intent)
{
    struct ai_rng r;
    ai_rng_seed(&r, seed * 1000003u + i);
    char buf[1024];
    size_t len = 0, words = 0, target = 10 + ai_rng_below(&r, 31);
    *intent = NULL;
    if (c->have) {
        size_t row = ai_rng_below(&r, (uint32_t)c->train.nrows);
        *intent = ai_csv_cell(&c->train, row, (size_t)c->tlab);
        for (int sentences = 0; sentences < 3 && words < target; sentences++) {
            const char *s = ai_csv_cell(&c->train, row, (size_t)c->ttext);
            while (*s && words < 40 && len < sizeof buf - 64) {
                while (*s == ' ' || *s == '\n')
                    s++;
                size_t n = strcspn(s, " \n");
                if (!n)
                    break;
                const char *w = s;
                if (ai_rng_below(&r, 10) == 0) {
                    w = word_of(c, &r);
                    n = strlen(w);
                }
                if (len + n + 2 >= sizeof buf - 64)
                    break;
                memcpy(buf + len, w, n);
                len += n;
                buf[len++] = ' ';
                words++;
                s += strcspn(s, " \n");
            }
            /* Another sentence of the same intent: the next row with that label. */
            for (size_t k = 1; k < 200; k++) {
                size_t next = (row + k * 7919) % c->train.nrows;
                if (strcmp(ai_csv_cell(&c->train, next, (size_t)c->tlab), *intent) == 0) {
                    row = next;
                    break;
                }
            }
        }
    }
    while (words < target && len < sizeof buf - 64) {
        const char *w = word_of(c, &r);
        size_t n = strlen(w);
        memcpy(buf + len, w, n);
        len += n;
        buf[len++] = ' ';
        words++;
    }
    if (ai_rng_below(&r, 5) == 0)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "order %u",
                                100000 + ai_rng_below(&r, 900000));
    buf[len] = '\0';
    return strdup(buf);
}

/* Agents' replies: mostly one of 50 canned answers per intent, 1 in 10 unique. */
static char *make_solution(size_t i, const char *intent, uint64_t seed)
{
    struct ai_rng r;
    ai_rng_seed(&r, seed ^ (i * 0x9e3779b97f4a7c15ULL));
    char buf[400];
    int n = snprintf(buf, sizeof buf,
                     "Hello {{customer_name}}, thanks for contacting us about %s. "
                     "Our team has checked your account and the issue is resolved (macro %u).",
                     intent ? intent : "your request", ai_rng_below(&r, 50));
    if (ai_rng_below(&r, 10) == 0 && n > 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, " Reference %zu.", i);
    return strdup(buf);
}

struct result {
    size_t tickets;
    double build_s, file_mb, load_ms, rss_mb, rss_model_mb;
    double med_us, p99_us, sim_med_us, clf_med_us;
    size_t queries, delta;
};

static int run_size(const struct corpus *c, size_t nt, size_t nq, size_t ndelta, const char *dir,
                    uint64_t seed, struct result *res)
{
    memset(res, 0, sizeof *res);
    res->tickets = nt;
    int status = 1;
    char path[512], msg[512];
    snprintf(path, sizeof path, "%s/deskpilot-bench-%ld-%zu.model", dir, (long)getpid(), nt);
    struct ai_resolved *tk = calloc(nt + 1, sizeof *tk);
    struct ai_example *ex = calloc((c->have ? c->train.nrows : 0) + 1, sizeof *ex);
    double *lat = malloc((nq + 1) * sizeof *lat), *slat = malloc((nq + 1) * sizeof *slat),
           *clat = malloc((nq + 1) * sizeof *clat);
    struct ai_model *m = NULL;
    struct ai_session *s = NULL;
    struct ai_delta *d = NULL;
    if (!tk || !ex || !lat || !slat || !clat) {
        fprintf(stderr, "deskpilot bench: out of memory\n");
        goto out;
    }
    size_t nex = 0;
    if (c->have)
        for (size_t r = 0; r < c->train.nrows; r++)
            ex[nex++] = (struct ai_example){ai_csv_cell(&c->train, r, (size_t)c->ttext),
                                            ai_csv_cell(&c->train, r, (size_t)c->tlab)};
    for (size_t i = 0; i < nt; i++) {
        const char *intent;
        tk[i].ticket_id = (int64_t)i + 1;
        tk[i].text = make_ticket(c, seed, i, &intent);
        tk[i].intent = intent;
        tk[i].solution = make_solution(i, intent, seed);
        tk[i].reusable = i % 4 != 0;
        if (!tk[i].text || !tk[i].solution) {
            fprintf(stderr, "deskpilot bench: out of memory\n");
            goto out;
        }
    }
    struct ai_build_input in = {
        .version = 1, .examples = ex, .nexamples = nex, .tickets = tk, .ntickets = nt};
    struct ai_build_report rep;
    double t0 = ai_now_seconds();
    if (ai_model_build(path, &in, &rep, msg, sizeof msg) < 0) {
        fprintf(stderr, "deskpilot bench: build failed: %s\n", msg);
        goto out;
    }
    res->build_s = ai_now_seconds() - t0;
    res->file_mb = (double)rep.file_bytes / 1048576.0;
    /* The histories are large: give their memory back before measuring the model's. */
    for (size_t i = 0; i < nt; i++) {
        free((char *)tk[i].text);
        free((char *)tk[i].solution);
    }
    free(tk);
    tk = NULL;
    long rss0 = rss_kb();
    t0 = ai_now_seconds();
    if (ai_model_open(path, &m, msg, sizeof msg) < 0) {
        fprintf(stderr, "deskpilot bench: %s\n", msg);
        goto out;
    }
    res->load_ms = (ai_now_seconds() - t0) * 1e3;
    if (ai_session_new(&s) < 0 || ai_delta_new(&d) < 0) {
        fprintf(stderr, "deskpilot bench: out of memory\n");
        goto out;
    }
    /* Tickets resolved since the build, searched with the model. */
    for (size_t i = 0; i < ndelta; i++) {
        const char *intent;
        char *text = make_ticket(c, seed + 1, i, &intent);
        char *sol = make_solution(nt + i, intent, seed);
        int rc = text && sol ? ai_delta_add(d, s, (int64_t)(nt + i + 1), text, intent, sol, true)
                             : AI_ENOMEM;
        free(text);
        free(sol);
        if (rc < 0) {
            fprintf(stderr, "deskpilot bench: delta: %s\n", ai_strerror(rc));
            goto out;
        }
    }
    /* Two passes over the queries: the first warms the mapping and caches, the second is timed. */
    size_t avail = c->have ? c->test.nrows : 0;
    char synth[1024];
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t q = 0; q < nq; q++) {
            const char *text;
            if (avail) {
                text = ai_csv_cell(&c->test, q % avail, (size_t)c->etext);
            } else {
                const char *ignored;
                char *t = make_ticket(c, seed + 2, q, &ignored);
                snprintf(synth, sizeof synth, "%s", t ? t : "");
                free(t);
                text = synth;
            }
            size_t len = strlen(text);
            struct ai_intent_guess g[3];
            struct ai_similar sim[5];
            size_t ng, ns;
            double a = ai_now_seconds();
            int rc = ai_model_classify(m, s, text, len, g, 3, &ng);
            double b = ai_now_seconds();
            if (rc == 0)
                rc = ai_model_similar(m, d, s, text, len, 5, 0.0f, sim, &ns);
            double e = ai_now_seconds();
            if (rc < 0) {
                fprintf(stderr, "deskpilot bench: query: %s\n", ai_strerror(rc));
                goto out;
            }
            if (pass == 1) {
                clat[q] = (b - a) * 1e6;
                slat[q] = (e - b) * 1e6;
                lat[q] = (e - a) * 1e6;
            }
        }
    }
    long rss1 = rss_kb();
    res->rss_mb = rss1 / 1024.0;
    res->rss_model_mb = (rss1 - rss0) / 1024.0;
    qsort(lat, nq, sizeof *lat, cmp_double);
    qsort(slat, nq, sizeof *slat, cmp_double);
    qsort(clat, nq, sizeof *clat, cmp_double);
    res->queries = nq;
    res->delta = ndelta;
    res->med_us = lat[nq / 2];
    res->p99_us = lat[(size_t)((double)nq * 0.99)];
    res->sim_med_us = slat[nq / 2];
    res->clf_med_us = clat[nq / 2];
    status = 0;
out:
    if (tk) {
        for (size_t i = 0; i < nt; i++) {
            free((char *)tk[i].text);
            free((char *)tk[i].solution);
        }
        free(tk);
    }
    free(ex);
    free(lat);
    free(slat);
    free(clat);
    ai_delta_free(d);
    ai_session_free(s);
    ai_model_close(m);
    unlink(path);
    return status;
}

struct bench_args {
    size_t sizes[MAX_SIZES], nsizes;
    unsigned long nq, ndelta, seed;
    const char *data, *dir;
    bool json, help;
};

/* "N,N,...": up to MAX_SIZES history sizes, each 1..50,000,000. */
static bool parse_sizes(const char *v, struct bench_args *a)
{
    char tmp[256];
    unsigned long u;
    bool ok = true;
    a->nsizes = 0;
    snprintf(tmp, sizeof tmp, "%s", v);
    for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t && ok;
         t = strtok_r(NULL, ",", &save)) {
        ok = a->nsizes < MAX_SIZES && cli_uint(t, 1, 50000000, &u);
        if (ok)
            a->sizes[a->nsizes++] = u;
    }
    return ok && a->nsizes > 0;
}

/* 0, 1 when --help asked for the usage (printed), 2 for a usage error (said). */
static int parse(int argc, char **argv, struct bench_args *a)
{
    *a = (struct bench_args){
        .sizes = {10000, 100000, 1000000},
        .nsizes = 3,
        .nq = 2000,
        .ndelta = 1000,
        .seed = 1,
        .data = getenv("DESKPILOT_DATA") ? getenv("DESKPILOT_DATA") : DEFAULT_DATA,
        .dir = "/tmp",
    };
    const char *sizes = NULL;
    const struct cli_opt opts[] = {
        {"--help", CLI_FLAG, &a->help, 0, 0},
        {"-h", CLI_FLAG, &a->help, 0, 0},
        {"--json", CLI_FLAG, &a->json, 0, 0},
        {"--sizes", CLI_STR, &sizes, 0, 0},
        {"--queries", CLI_UINT, &a->nq, 1, 1000000},
        {"--delta", CLI_UINT, &a->ndelta, 0, 1000000},
        {"--seed", CLI_UINT, &a->seed, 0, 1000000000},
        {"--data", CLI_STR, &a->data, 0, 0},
        {"--dir", CLI_STR, &a->dir, 0, 0},
    };
    int rc = cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], NULL, 0);
    if (a->help) {
        fputs(usage, stdout);
        return 1;
    }
    if (!rc && sizes && !parse_sizes(sizes, a)) {
        fprintf(stderr, "deskpilot bench: bad value for --sizes: %s\n", sizes);
        rc = -1;
    }
    if (rc) {
        fputs(usage, stderr);
        return 2;
    }
    return 0;
}

/* The results as one JSON object on stdout; -1 when out of memory (said). */
static int print_json(const struct bench_args *a, bool banking77, const struct result *res)
{
    struct arena ar;
    arena_init(&ar, 0);
    struct jbuild o, sizes;
    jb_object(&o, &ar);
    jb_int(&o, "queries", (long long)a->nq);
    jb_int(&o, "delta_items", (long long)a->ndelta);
    jb_str(&o, "data", banking77 ? "banking77" : "builtin-words");
    jb_array(&sizes, &ar);
    for (size_t i = 0; i < a->nsizes; i++) {
        const struct result *r = &res[i];
        struct jbuild row;
        jb_object(&row, &ar);
        jb_int(&row, "tickets", (long long)r->tickets);
        jb_dbl(&row, "build_seconds", r->build_s);
        jb_dbl(&row, "file_mb", r->file_mb);
        jb_dbl(&row, "load_ms", r->load_ms);
        jb_dbl(&row, "rss_mb", r->rss_mb);
        jb_dbl(&row, "rss_model_mb", r->rss_model_mb);
        jb_dbl(&row, "median_us", r->med_us);
        jb_dbl(&row, "p99_us", r->p99_us);
        jb_dbl(&row, "similarity_median_us", r->sim_med_us);
        jb_dbl(&row, "classify_median_us", r->clf_med_us);
        jb_push_child(&sizes, jb_finish(&row));
    }
    jb_child(&o, "sizes", jb_finish(&sizes));
    int rc = cli_print_json("bench", jb_finish(&o));
    arena_cleanup(&ar);
    return rc;
}

int cmd_bench(int argc, char **argv)
{
    struct bench_args a;
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;
    struct corpus c = {0};
    char path[1024], msg[1024];
    snprintf(path, sizeof path, "%s/train.csv", a.data);
    if (access(path, R_OK) == 0) {
        if (ai_csv_read_file(path, &c.train, msg, sizeof msg) < 0) {
            fprintf(stderr, "deskpilot bench: %s\n", msg);
            return 1;
        }
        snprintf(path, sizeof path, "%s/test.csv", a.data);
        if (ai_csv_read_file(path, &c.test, msg, sizeof msg) < 0) {
            fprintf(stderr, "deskpilot bench: %s\n", msg);
            ai_csv_free(&c.train);
            return 1;
        }
        c.ttext = ai_csv_column(&c.train, "text");
        c.tlab = ai_csv_column(&c.train, "category");
        c.etext = ai_csv_column(&c.test, "text");
        c.have =
            c.ttext >= 0 && c.tlab >= 0 && c.etext >= 0 && c.train.nrows > 0 && c.test.nrows > 0;
        if (c.have && vocab_build(&c) < 0) {
            fprintf(stderr, "deskpilot bench: out of memory\n");
            return 1;
        }
    }
    if (!c.have && !a.json)
        printf("(no Banking77 data at %s: built-in word list, no classifier)\n", a.data);

    struct result res[MAX_SIZES];
    int status = 0;
    if (!a.json) {
        printf("%-9s %9s %9s %9s %9s %9s %10s %9s %9s\n", "tickets", "build s", "file MB",
               "load ms", "RSS MB", "median us", "p99 us", "sim us", "clf us");
        fflush(stdout);
    }
    for (size_t i = 0; i < a.nsizes; i++) {
        if (run_size(&c, a.sizes[i], a.nq, a.ndelta, a.dir, a.seed, &res[i]) != 0) {
            status = 1;
            break;
        }
        if (!a.json) {
            printf("%-9zu %9.1f %9.1f %9.1f %9.1f %9.1f %10.1f %9.1f %9.1f\n", res[i].tickets,
                   res[i].build_s, res[i].file_mb, res[i].load_ms, res[i].rss_mb, res[i].med_us,
                   res[i].p99_us, res[i].sim_med_us, res[i].clf_med_us);
            fflush(stdout);
        }
    }
    if (a.json && status == 0 && print_json(&a, c.have, res) < 0)
        status = 1;
    for (size_t i = 0; i < c.nvocab; i++)
        free(c.vocab[i]);
    free(c.vocab);
    ai_csv_free(&c.train);
    ai_csv_free(&c.test);
    return status;
}
