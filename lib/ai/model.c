/* model: the artefact file format (write, map, validate) and the queries on it. */
#include "ai/model.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ai/crossval.h"
#include "ai/curve.h"
#include "ai/exemplar.h"
#include "ai/hash.h"
#include "ai/oos.h"
#include "ai/report.h"
#include "ai/simindex.h"
#include "ai/status.h"

/* File layout: a fixed header, then every section at a 64-byte aligned offset
 * in the fixed order below (sizes may be 0). All integers little-endian, the
 * host's layout (the endian field refuses a file from a big-endian host). */
#define MAGIC "DPMODEL"
#define ALIGN 64
#define ENDIAN_MARK 0x01020304u
#define NO_INTENT UINT32_MAX

enum section {
    SEC_META,
    SEC_INTENT_OFF, /* uint32[nintents + 1] */
    SEC_STRINGS,    /* intent names, each NUL-terminated */
    SEC_CLF_VKEYS,  /* uint64[clf_vcap] */
    SEC_CLF_VIDS,   /* uint32[clf_vcap] */
    SEC_CLF_IDF,    /* float[nfeat] */
    SEC_CLF_W,      /* float[nfeat * stride] */
    SEC_CLF_BIAS,   /* float[stride] */
    SEC_SIM_VKEYS,  /* uint64[sim_vcap] */
    SEC_SIM_VIDS,   /* uint32[sim_vcap] */
    SEC_SIM_IDF,    /* float[nterms] */
    SEC_SIM_MAXW,   /* float[nterms * AI_SIM_TIERS] */
    SEC_SIM_OFF,    /* uint64[nterms * AI_SIM_TIERS + 1] */
    SEC_SIM_DOC,    /* uint32[npost] */
    SEC_SIM_W,      /* uint16[npost] */
    SEC_TICKETS,    /* struct ticket_rec[ndocs] */
    SEC_SOLUTIONS,  /* solution texts, each NUL-terminated, identical ones stored once */
    SEC_OOS,        /* struct ai_oos_calib, when there is a classifier */
    SEC_EX_CLASS,   /* uint32[nclass + 1] (exemplars; empty without a classifier) */
    SEC_EX_PTR,     /* uint64[nex + 1] */
    SEC_EX_KEY,     /* uint64[ex_nterms] */
    SEC_EX_W,       /* float[ex_nterms] */
    SEC_CURVE,      /* struct ai_curve_cell[(nclass + 1) * AI_CURVE_POINTS], when cross-validated */
    SEC_REPORT,     /* struct ai_report_head, when cross-validated */
    SEC_REPORT_INTENT, /* struct ai_report_intent_rec[nclass], when cross-validated */
    SEC_REPORT_PAIR,   /* struct ai_report_pair_rec[npairs] */
    SEC_ATTRACT,       /* float[nclass], when cross-validated: AI_SIG_ATTRACT per intent */
    SEC_COUNT
};

struct sec_entry {
    uint64_t offset, size;
};

struct file_header {
    char magic[8];
    uint32_t format;
    uint32_t endian;
    uint32_t header_size;
    uint32_t nsections;
    uint64_t version;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint64_t created;  /* unix seconds */
    struct sec_entry sec[SEC_COUNT];
};

#define HEADER_SIZE (((sizeof(struct file_header) + ALIGN - 1) / ALIGN) * ALIGN)

struct meta {
    struct ai_feat_opts feat;
    uint32_t nintents, nclass, nfeat, stride;
    uint32_t clf_vcap, clf_vn;
    float temperature;
    uint32_t nterms, ndocs;
    uint32_t sim_vcap, sim_vn;
    uint32_t pad;
    uint64_t npost;
    uint64_t strings_size, solutions_size;
    uint32_t nex, has_cv;    /* exemplars; 1 when curve and report are present */
    uint64_t ex_nterms;
    float ex_unseen_idf;
    uint32_t npairs;
};

struct ticket_rec {
    int64_t id;
    uint64_t sol_off;
    uint32_t sol_len;
    uint32_t intent; /* index into the intent names, or NO_INTENT */
    uint32_t flags;  /* bit 0: reusable */
    uint32_t pad;
};

struct ai_model {
    void *map;
    size_t map_len;
    dev_t dev;
    ino_t ino;
    struct timespec mtime;
    off_t size;
    uint64_t version;
    const struct meta *meta;
    const uint32_t *intent_off;
    const char *strings;
    struct ai_classifier clf;
    struct ai_simindex sim;
    const struct ticket_rec *tickets;
    const char *solutions;
    const struct ai_oos_calib *calib;   /* NULL without a classifier */
    struct ai_exemplars ex;
    const struct ai_curve_cell *curve;  /* NULL without cross-validation */
    const struct ai_report_head *rhead;
    const struct ai_report_intent_rec *rintent;
    const struct ai_report_pair_rec *rpair;
    const float *attract; /* NULL without cross-validation */
    struct ai_model_report report;
};

static void say(char *msg, size_t msglen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || !msglen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

/* ---- checksum: four independent multiply-rotate lanes over 32-byte blocks ---- */

struct csum {
    uint64_t h[4];
};

static void csum_init(struct csum *c)
{
    for (int i = 0; i < 4; i++)
        c->h[i] = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
}

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static void csum_blocks(struct csum *c, const unsigned char *p, size_t nblocks)
{
    uint64_t h0 = c->h[0], h1 = c->h[1], h2 = c->h[2], h3 = c->h[3];
    for (size_t b = 0; b < nblocks; b++, p += 32) {
        uint64_t w[4];
        memcpy(w, p, 32);
        h0 = rotl(h0 + w[0] * 0xc2b2ae3d27d4eb4fULL, 31) * 0x9e3779b185ebca87ULL;
        h1 = rotl(h1 + w[1] * 0xc2b2ae3d27d4eb4fULL, 31) * 0x9e3779b185ebca87ULL;
        h2 = rotl(h2 + w[2] * 0xc2b2ae3d27d4eb4fULL, 31) * 0x9e3779b185ebca87ULL;
        h3 = rotl(h3 + w[3] * 0xc2b2ae3d27d4eb4fULL, 31) * 0x9e3779b185ebca87ULL;
    }
    c->h[0] = h0;
    c->h[1] = h1;
    c->h[2] = h2;
    c->h[3] = h3;
}

static uint64_t csum_final(const struct csum *c, uint64_t len)
{
    return ai_hash_mix(ai_hash_mix(c->h[0] ^ len) ^ rotl(c->h[1], 7) ^ rotl(c->h[2], 12) ^ rotl(c->h[3], 18));
}

/* The file checksum: the payload's, combined with the header's (checksum field as 0). */
static uint64_t file_checksum(uint64_t payload_sum, const unsigned char *header)
{
    unsigned char h[HEADER_SIZE];
    memcpy(h, header, HEADER_SIZE);
    memset(h + offsetof(struct file_header, checksum), 0, sizeof(uint64_t));
    return ai_hash_mix(payload_sum ^ ai_hash_bytes(h, HEADER_SIZE, 0x4ead));
}

/* ---- writer: buffered, checksumming, sticky error ---- */

struct writer {
    int fd;
    int err; /* errno of the first failure */
    unsigned char *buf;
    size_t n, cap;
    uint64_t pos; /* bytes written past the header */
    struct csum cs;
};

static void w_flush(struct writer *w, bool all)
{
    /* Hash and write whole 32-byte blocks; keep a partial block unless all. */
    size_t whole = all ? w->n : w->n / 32 * 32;
    if (whole == 0 || w->err)
        return;
    csum_blocks(&w->cs, w->buf, whole / 32); /* all: n is a multiple of 64 by then */
    size_t off = 0;
    while (off < whole) {
        ssize_t k = write(w->fd, w->buf + off, whole - off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            w->err = errno;
            return;
        }
        off += (size_t)k;
    }
    memmove(w->buf, w->buf + whole, w->n - whole);
    w->n -= whole;
}

static void w_bytes(struct writer *w, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n && !w->err) {
        size_t room = w->cap - w->n, k = n < room ? n : room;
        memcpy(w->buf + w->n, s, k);
        w->n += k;
        w->pos += k;
        s += k;
        n -= k;
        if (w->n == w->cap)
            w_flush(w, false);
    }
}

static void w_pad(struct writer *w)
{
    static const unsigned char zero[ALIGN];
    size_t r = (size_t)(w->pos % ALIGN);
    if (r)
        w_bytes(w, zero, ALIGN - r);
}

/* Write one section: record where it starts, its bytes, then pad. */
static void w_section(struct writer *w, struct file_header *h, enum section s, const void *p, uint64_t size)
{
    h->sec[s].offset = HEADER_SIZE + w->pos;
    h->sec[s].size = size;
    if (size)
        w_bytes(w, p, (size_t)size);
    w_pad(w);
}

/* ---- build ---- */

struct strtab {
    char *data;
    size_t len, cap;
};

static int strtab_add(struct strtab *t, const char *s, size_t n, uint64_t *off)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->data, cap);
        if (!p)
            return AI_ENOMEM;
        t->data = p;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->data[t->len + n] = '\0';
    *off = t->len;
    t->len += n + 1;
    return AI_OK;
}

/* Intent names in first-seen order: the examples' intents first (they are the
 * classifier's classes 0..nclass-1), then intents only tickets carry. */
struct names {
    struct ai_vocab index; /* hash(name) -> number */
    uint64_t *off;         /* into tab */
    size_t n, cap;
    struct strtab tab;
};

static int names_find_or_add(struct names *nm, const char *s, uint32_t *id)
{
    size_t len = strlen(s);
    uint64_t h = ai_hash_bytes(s, len, 0x1e7e);
    /* Linear probing on the hash, confirmed by comparing the text. */
    for (uint64_t salt = 0;; salt++) {
        uint64_t key = salt ? ai_hash_pair(h, salt) : h;
        uint32_t got = ai_vocab_find(&nm->index, key);
        if (got == AI_VOCAB_NONE) {
            if (nm->n == nm->cap) {
                size_t cap = nm->cap ? 2 * nm->cap : 64;
                uint64_t *p = realloc(nm->off, cap * sizeof *p);
                if (!p)
                    return AI_ENOMEM;
                nm->off = p;
                nm->cap = cap;
            }
            uint32_t nid;
            int rc = ai_vocab_add(&nm->index, key, &nid, NULL);
            if (rc < 0)
                return rc;
            if ((rc = strtab_add(&nm->tab, s, len, &nm->off[nm->n])) < 0)
                return rc;
            *id = (uint32_t)nm->n++;
            return AI_OK;
        }
        if (strcmp(nm->tab.data + nm->off[got], s) == 0) {
            *id = got;
            return AI_OK;
        }
    }
}

static void names_cleanup(struct names *nm)
{
    ai_vocab_cleanup(&nm->index);
    free(nm->off);
    free(nm->tab.data);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Write everything to a temporary file next to path, then rename it over path. */
/* What cross-validation adds to the file. */
struct cv_parts {
    const struct ai_oos_calib *calib;
    const struct ai_exemplars *ex;
    const struct ai_curve_cell *curve;
    const struct ai_report_head *head;
    const struct ai_report_intent_rec *per;
    const struct ai_report_pair_rec *pairs;
    const float *attract;
};

static int write_file(const char *path, uint64_t version, const struct meta *mt, const struct names *nm,
                      const uint32_t *intent_off, const struct ai_classifier *clf, const struct ai_simindex *sim,
                      const struct ticket_rec *tickets, const struct strtab *sols, const struct cv_parts *cvp,
                      uint64_t *bytes, char *msg, size_t msglen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 64);
    struct writer w = {.fd = -1};
    w.cap = 1 << 20;
    w.buf = malloc(w.cap);
    if (!tmp || !w.buf) {
        free(tmp);
        free(w.buf);
        say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    static unsigned counter;
    snprintf(tmp, plen + 64, "%s.tmp.%ld.%u", path, (long)getpid(), counter++);
    /* 0600: the index holds agents' replies, customer text. */
    w.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w.fd < 0) {
        say(msg, msglen, "%s: %s", tmp, strerror(errno));
        free(tmp);
        free(w.buf);
        return AI_EIO;
    }
    struct file_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    h.format = AI_MODEL_FORMAT;
    h.endian = ENDIAN_MARK;
    h.header_size = (uint32_t)HEADER_SIZE;
    h.nsections = SEC_COUNT;
    h.version = version;
    h.created = (uint64_t)time(NULL);
    csum_init(&w.cs);
    if (lseek(w.fd, (off_t)HEADER_SIZE, SEEK_SET) < 0)
        w.err = errno;
    w_section(&w, &h, SEC_META, mt, sizeof *mt);
    w_section(&w, &h, SEC_INTENT_OFF, intent_off, (uint64_t)(mt->nintents + 1) * sizeof *intent_off);
    w_section(&w, &h, SEC_STRINGS, nm->tab.data, mt->strings_size);
    bool has_clf = mt->nclass > 0;
    w_section(&w, &h, SEC_CLF_VKEYS, has_clf ? clf->vocab.keys : NULL, (uint64_t)mt->clf_vcap * 8);
    w_section(&w, &h, SEC_CLF_VIDS, has_clf ? clf->vocab.ids : NULL, (uint64_t)mt->clf_vcap * 4);
    w_section(&w, &h, SEC_CLF_IDF, has_clf ? clf->idf : NULL, (uint64_t)mt->nfeat * 4);
    w_section(&w, &h, SEC_CLF_W, has_clf ? clf->weights : NULL, (uint64_t)mt->nfeat * mt->stride * 4);
    w_section(&w, &h, SEC_CLF_BIAS, has_clf ? clf->bias : NULL, (uint64_t)mt->stride * 4);
    w_section(&w, &h, SEC_SIM_VKEYS, sim->vocab.keys, (uint64_t)mt->sim_vcap * 8);
    w_section(&w, &h, SEC_SIM_VIDS, sim->vocab.ids, (uint64_t)mt->sim_vcap * 4);
    w_section(&w, &h, SEC_SIM_IDF, sim->idf, (uint64_t)mt->nterms * 4);
    w_section(&w, &h, SEC_SIM_MAXW, sim->maxw, (uint64_t)mt->nterms * AI_SIM_TIERS * 4);
    w_section(&w, &h, SEC_SIM_OFF, sim->off, ((uint64_t)mt->nterms * AI_SIM_TIERS + 1) * 8);
    w_section(&w, &h, SEC_SIM_DOC, sim->doc, mt->npost * 4);
    w_section(&w, &h, SEC_SIM_W, sim->w, mt->npost * 2);
    w_section(&w, &h, SEC_TICKETS, tickets, (uint64_t)mt->ndocs * sizeof *tickets);
    w_section(&w, &h, SEC_SOLUTIONS, sols->data, mt->solutions_size);
    uint64_t nclass = mt->nclass, cvrows = mt->has_cv ? nclass : 0;
    w_section(&w, &h, SEC_OOS, cvp->calib, has_clf ? sizeof *cvp->calib : 0);
    w_section(&w, &h, SEC_EX_CLASS, cvp->ex->class_off, has_clf ? (nclass + 1) * 4 : 0);
    w_section(&w, &h, SEC_EX_PTR, cvp->ex->ptr, has_clf ? ((uint64_t)mt->nex + 1) * 8 : 0);
    w_section(&w, &h, SEC_EX_KEY, cvp->ex->key, mt->ex_nterms * 8);
    w_section(&w, &h, SEC_EX_W, cvp->ex->w, mt->ex_nterms * 4);
    w_section(&w, &h, SEC_CURVE, cvp->curve, mt->has_cv ? (cvrows + 1) * AI_CURVE_POINTS * sizeof *cvp->curve : 0);
    w_section(&w, &h, SEC_REPORT, cvp->head, mt->has_cv ? sizeof *cvp->head : 0);
    w_section(&w, &h, SEC_REPORT_INTENT, cvp->per, cvrows * sizeof *cvp->per);
    w_section(&w, &h, SEC_REPORT_PAIR, cvp->pairs, (uint64_t)mt->npairs * sizeof *cvp->pairs);
    w_section(&w, &h, SEC_ATTRACT, cvp->attract, cvrows * sizeof *cvp->attract);
    w_flush(&w, true);
    h.file_size = HEADER_SIZE + w.pos;
    unsigned char hbuf[HEADER_SIZE];
    memset(hbuf, 0, sizeof hbuf);
    memcpy(hbuf, &h, sizeof h);
    h.checksum = file_checksum(csum_final(&w.cs, w.pos), hbuf);
    memcpy(hbuf, &h, sizeof h);
    if (!w.err && pwrite(w.fd, hbuf, sizeof hbuf, 0) != (ssize_t)sizeof hbuf)
        w.err = errno ? errno : EIO;
    if (!w.err && fsync(w.fd) != 0)
        w.err = errno;
    if (close(w.fd) != 0 && !w.err)
        w.err = errno;
    if (!w.err && rename(tmp, path) != 0)
        w.err = errno;
    int rc = AI_OK;
    if (w.err) {
        say(msg, msglen, "%s: %s", path, strerror(w.err));
        unlink(tmp);
        rc = AI_EIO;
    }
    *bytes = h.file_size;
    free(tmp);
    free(w.buf);
    return rc;
}

int ai_model_build(const char *path, const struct ai_build_input *in, struct ai_build_report *rep, char *msg,
                   size_t msglen)
{
    double t0 = now_seconds();
    struct ai_build_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    say(msg, msglen, "ok");
    if (!path || !in || (in->nexamples && !in->examples) || (in->ntickets && !in->tickets)) {
        say(msg, msglen, "invalid build input");
        return AI_EINVAL;
    }
    if (in->ntickets >= (1u << 31) || in->nexamples >= (1u << 31)) {
        say(msg, msglen, "too many examples or tickets");
        return AI_ERANGE;
    }
    struct ai_train_opts defaults;
    ai_train_opts_default(&defaults);
    const struct ai_train_opts *opts = in->opts ? in->opts : &defaults;

    int rc = AI_ENOMEM;
    struct names nm = {0};
    struct ai_classifier clf = {0};
    struct ai_exemplars ex = {0};
    struct ai_cv_result cv = {0};
    struct ai_oos_calib calib;
    struct ai_curve_cell *curve = NULL;
    struct ai_report_head head;
    struct ai_report_intent_rec *per = NULL;
    struct ai_report_pair_rec pairs[AI_REPORT_MAX_PAIRS];
    struct ai_simindex sim = {0};
    struct ai_session *s = NULL;
    const char **texts = NULL, **neg = NULL;
    uint32_t *labels = NULL, *intent_off = NULL;
    struct ticket_rec *recs = NULL;
    struct strtab sols = {0};
    struct ai_vocab sol_index = {0};
    uint64_t *sol_off = NULL;
    size_t *sol_len = NULL;
    struct meta mt;
    memset(&mt, 0, sizeof mt);
    memset(&calib, 0, sizeof calib);
    memset(&head, 0, sizeof head);
    memset(pairs, 0, sizeof pairs);
    double target = opts->target_precision > 0 ? opts->target_precision : 0.97;
    if (!(target < 1)) {
        say(msg, msglen, "target precision must be below 1");
        return AI_EINVAL;
    }

    if (ai_vocab_init(&nm.index, 128) < 0 || ai_vocab_init(&sol_index, 1024) < 0 || ai_session_new(&s) < 0)
        goto out_nomem;
    texts = malloc((in->nexamples + in->ntickets + 1) * sizeof *texts);
    labels = malloc((in->nexamples + 1) * sizeof *labels);
    neg = malloc((in->nexamples + 1) * sizeof *neg);
    recs = calloc(in->ntickets + 1, sizeof *recs);
    sol_off = malloc((in->ntickets + 1) * sizeof *sol_off);
    sol_len = malloc((in->ntickets + 1) * sizeof *sol_len);
    if (!texts || !labels || !neg || !recs || !sol_off || !sol_len)
        goto out_nomem;
    size_t n = 0, nneg = 0;
    for (size_t i = 0; i < in->nexamples; i++) {
        const struct ai_example *e = &in->examples[i];
        if (!e->text)
            continue;
        if (!e->intent || !*e->intent) {
            neg[nneg++] = e->text; /* "none of ours": teaches the confidence, never a class */
            continue;
        }
        if ((rc = names_find_or_add(&nm, e->intent, &labels[n])) < 0)
            goto out_fail;
        texts[n++] = e->text;
    }
    uint32_t nclass = (uint32_t)nm.n;
    rep->nintents = nclass;
    rep->nnegatives = nneg;
    if (nclass >= 2) {
        if (nclass > 65535) {
            say(msg, msglen, "too many intents (%u)", nclass);
            rc = AI_ERANGE;
            goto out_fail;
        }
        if ((rc = ai_crossval_train(texts, labels, n, nclass, neg, nneg, opts, NULL, &clf, &ex, &cv, &rep->train)) < 0) {
            say(msg, msglen, "training failed: %s", ai_strerror(rc));
            goto out_fail;
        }
        calib = cv.calib;
        if (cv.n) {
            /* The curve, the threshold for the target and the report, from the CV predictions. */
            curve = malloc(((size_t)nclass + 1) * AI_CURVE_POINTS * sizeof *curve);
            per = malloc((size_t)nclass * sizeof *per);
            if (!curve || !per)
                goto out_nomem;
            ai_curve_build(cv.pred, cv.n, nclass, curve);
            head.target_precision = target;
            ai_curve_threshold(curve, NULL, target, 1, &head.threshold, &head.est_precision, &head.coverage);
            if ((rc = ai_report_compute(cv.pred, cv.n, nclass, &head, per, pairs)) < 0)
                goto out_nomem;
            head.nnegatives = cv.nnegatives;
            head.folds = cv.folds;
            mt.has_cv = 1;
            mt.npairs = head.npairs;
            rep->threshold = head.threshold;
        }
    } else {
        nclass = 0;
    }
    /* Tickets: intents, deduplicated solutions, the index. */
    for (size_t i = 0; i < in->ntickets; i++) {
        const struct ai_resolved *t = &in->tickets[i];
        struct ticket_rec *r = &recs[i];
        r->id = t->ticket_id;
        r->flags = t->reusable ? 1u : 0u;
        r->intent = NO_INTENT;
        if (t->intent && *t->intent && (rc = names_find_or_add(&nm, t->intent, &r->intent)) < 0)
            goto out_fail;
        const char *sol = t->solution ? t->solution : "";
        size_t len = strlen(sol);
        if (len > UINT32_MAX - 1) {
            rc = AI_ERANGE;
            say(msg, msglen, "ticket %lld: solution too long", (long long)t->ticket_id);
            goto out_fail;
        }
        uint64_t h = ai_hash_bytes(sol, len, 0x5017);
        uint32_t at = ai_vocab_find(&sol_index, h);
        /* Agents reuse replies: store identical solutions once (hash, then compare). */
        if (at != AI_VOCAB_NONE && sol_len[at] == len && memcmp(sols.data + sol_off[at], sol, len) == 0) {
            r->sol_off = sol_off[at];
        } else {
            if ((rc = strtab_add(&sols, sol, len, &r->sol_off)) < 0)
                goto out_fail;
            if (at == AI_VOCAB_NONE) { /* on a hash collision the first text keeps the slot */
                if ((rc = ai_vocab_add(&sol_index, h, &at, NULL)) < 0)
                    goto out_fail;
                sol_off[at] = r->sol_off;
                sol_len[at] = len;
            }
        }
        r->sol_len = (uint32_t)len;
        texts[i] = t->text;
    }
    if ((rc = ai_simindex_build(s, texts, in->ntickets, &sim)) < 0) {
        say(msg, msglen, "indexing failed: %s", ai_strerror(rc));
        goto out_fail;
    }
    intent_off = malloc((nm.n + 1) * sizeof *intent_off);
    if (!intent_off)
        goto out_nomem;
    for (size_t i = 0; i < nm.n; i++)
        intent_off[i] = (uint32_t)nm.off[i];
    intent_off[nm.n] = (uint32_t)nm.tab.len;
    if (nm.tab.len > UINT32_MAX) {
        rc = AI_ERANGE;
        goto out_fail;
    }

    mt.feat = clf.feat;
    mt.nintents = (uint32_t)nm.n;
    mt.nclass = nclass;
    if (nclass) {
        mt.nfeat = clf.nfeat;
        mt.stride = clf.stride;
        mt.clf_vcap = clf.vocab.cap;
        mt.clf_vn = clf.vocab.n;
        mt.temperature = clf.temperature;
        mt.nex = ex.nex;
        mt.ex_nterms = ex.nterms;
        mt.ex_unseen_idf = ex.unseen_idf;
    }
    mt.nterms = sim.nterms;
    mt.ndocs = sim.ndocs;
    mt.npost = sim.npost;
    mt.sim_vcap = sim.vocab.cap;
    mt.sim_vn = sim.vocab.n;
    mt.strings_size = nm.tab.len;
    mt.solutions_size = sols.len;
    struct cv_parts cvp = {&calib, &ex, curve, &head, per, pairs, cv.attract};
    rc = write_file(path, in->version, &mt, &nm, intent_off, &clf, &sim, recs, &sols, &cvp, &rep->file_bytes, msg,
                    msglen);
    goto out;

out_nomem:
    rc = AI_ENOMEM;
    say(msg, msglen, "out of memory");
out_fail:
out:
    rep->seconds = now_seconds() - t0;
    ai_session_free(s);
    names_cleanup(&nm);
    ai_vocab_cleanup(&sol_index);
    ai_classifier_cleanup(&clf);
    ai_exemplars_cleanup(&ex);
    ai_cv_result_cleanup(&cv);
    free(curve);
    free(per);
    ai_simindex_cleanup(&sim);
    free(texts);
    free(neg);
    free(labels);
    free(intent_off);
    free(recs);
    free(sol_off);
    free(sol_len);
    free(sols.data);
    return rc;
}

/* ---- open and validate ---- */

void ai_model_close(struct ai_model *m)
{
    if (!m)
        return;
    if (m->map)
        munmap(m->map, m->map_len);
    free(m);
}

static bool all_finite(const float *p, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        if (!isfinite(p[i]))
            return false;
    return true;
}

/* Checks in dependency order; the first failure names what is wrong. */
static const char *validate(struct ai_model *m, const unsigned char *base, uint64_t size)
{
    if (size < HEADER_SIZE)
        return "shorter than a header";
    const struct file_header *h = (const void *)base;
    if (memcmp(h->magic, MAGIC, sizeof MAGIC) != 0)
        return "not a deskpilot model (bad magic)";
    if (h->endian != ENDIAN_MARK)
        return "written on a machine of the other byte order";
    if (h->format != AI_MODEL_FORMAT)
        return "unsupported format version";
    if (h->header_size != HEADER_SIZE || h->nsections != SEC_COUNT)
        return "bad header size or section count";
    if (h->file_size != size)
        return "file size differs from the header (truncated?)";
    const struct sec_entry *sec = h->sec;
    for (int i = 0; i < SEC_COUNT; i++) {
        if (sec[i].offset % ALIGN || sec[i].offset < HEADER_SIZE || sec[i].offset > size ||
            sec[i].size > size - sec[i].offset)
            return "a section lies outside the file";
    }
    struct csum cs;
    csum_init(&cs);
    if ((size - HEADER_SIZE) % 32)
        return "payload not block aligned";
    csum_blocks(&cs, base + HEADER_SIZE, (size_t)((size - HEADER_SIZE) / 32));
    if (file_checksum(csum_final(&cs, size - HEADER_SIZE), base) != h->checksum)
        return "checksum mismatch (corrupt file)";
    if (sec[SEC_META].size != sizeof(struct meta))
        return "bad meta section";
    const struct meta *mt = (const void *)(base + sec[SEC_META].offset);
    m->meta = mt;
    /* Expected section sizes, computed in 64 bits from 32-bit counts: no overflow. */
    uint64_t want[SEC_COUNT] = {
        [SEC_META] = sizeof(struct meta),
        [SEC_INTENT_OFF] = ((uint64_t)mt->nintents + 1) * 4,
        [SEC_STRINGS] = mt->strings_size,
        [SEC_CLF_VKEYS] = (uint64_t)mt->clf_vcap * 8,
        [SEC_CLF_VIDS] = (uint64_t)mt->clf_vcap * 4,
        [SEC_CLF_IDF] = (uint64_t)mt->nfeat * 4,
        [SEC_CLF_W] = (uint64_t)mt->nfeat * mt->stride * 4,
        [SEC_CLF_BIAS] = (uint64_t)mt->stride * 4,
        [SEC_SIM_VKEYS] = (uint64_t)mt->sim_vcap * 8,
        [SEC_SIM_VIDS] = (uint64_t)mt->sim_vcap * 4,
        [SEC_SIM_IDF] = (uint64_t)mt->nterms * 4,
        [SEC_SIM_MAXW] = (uint64_t)mt->nterms * AI_SIM_TIERS * 4,
        [SEC_SIM_OFF] = ((uint64_t)mt->nterms * AI_SIM_TIERS + 1) * 8,
        [SEC_SIM_DOC] = mt->npost * 4,
        [SEC_SIM_W] = mt->npost * 2,
        [SEC_TICKETS] = (uint64_t)mt->ndocs * sizeof(struct ticket_rec),
        [SEC_SOLUTIONS] = mt->solutions_size,
        [SEC_OOS] = mt->nclass ? sizeof(struct ai_oos_calib) : 0,
        [SEC_EX_CLASS] = mt->nclass ? ((uint64_t)mt->nclass + 1) * 4 : 0,
        [SEC_EX_PTR] = mt->nclass ? ((uint64_t)mt->nex + 1) * 8 : 0,
        [SEC_EX_KEY] = mt->ex_nterms * 8,
        [SEC_EX_W] = mt->ex_nterms * 4,
        [SEC_CURVE] = mt->has_cv ? ((uint64_t)mt->nclass + 1) * AI_CURVE_POINTS * sizeof(struct ai_curve_cell) : 0,
        [SEC_REPORT] = mt->has_cv ? sizeof(struct ai_report_head) : 0,
        [SEC_REPORT_INTENT] = mt->has_cv ? (uint64_t)mt->nclass * sizeof(struct ai_report_intent_rec) : 0,
        [SEC_REPORT_PAIR] = (uint64_t)mt->npairs * sizeof(struct ai_report_pair_rec),
        [SEC_ATTRACT] = mt->has_cv ? (uint64_t)mt->nclass * sizeof(float) : 0,
    };
    if (mt->npost > size || mt->ex_nterms > size)
        return "impossible posting or exemplar count";
    if (mt->has_cv > 1 || (mt->has_cv && !mt->nclass) || mt->npairs > AI_REPORT_MAX_PAIRS ||
        (!mt->has_cv && mt->npairs) || (!mt->nclass && (mt->nex || mt->ex_nterms)))
        return "bad cross-validation counts";
    for (int i = 0; i < SEC_COUNT; i++)
        if (sec[i].size != want[i])
            return "a section size does not match the counts";
#define AT(s) ((const void *)(base + sec[s].offset))
    /* Intent names. */
    m->intent_off = AT(SEC_INTENT_OFF);
    m->strings = AT(SEC_STRINGS);
    if (m->intent_off[0] != 0 || m->intent_off[mt->nintents] != mt->strings_size)
        return "bad intent name table";
    for (uint32_t i = 0; i < mt->nintents; i++) {
        if (m->intent_off[i + 1] <= m->intent_off[i] || m->strings[m->intent_off[i + 1] - 1] != '\0')
            return "bad intent name";
    }
    /* Classifier. */
    if (mt->nclass) {
        const struct ai_feat_opts *fo = &mt->feat;
        if (mt->nclass < 2 || mt->nclass > mt->nintents || mt->stride != (mt->nclass + 3) / 4 * 4)
            return "bad class count";
        if (!fo->blocks || fo->char_min < 1 || fo->char_max > 8 || fo->char_min > fo->char_max ||
            fo->xchar_max > 8 || fo->xchar_min > fo->xchar_max)
            return "bad feature options";
        for (int b = 0; b < 8; b++)
            if (!isfinite(fo->block_weight[b]))
                return "bad feature options";
        if (!(mt->temperature > 0) || !isfinite(mt->temperature))
            return "bad temperature";
        struct ai_classifier *c = &m->clf;
        c->feat = *fo;
        c->vocab = (struct ai_vocab){(uint64_t *)AT(SEC_CLF_VKEYS), (uint32_t *)AT(SEC_CLF_VIDS), mt->clf_vcap,
                                     mt->clf_vn, false};
        if (mt->clf_vn != mt->nfeat || !ai_vocab_valid(&c->vocab))
            return "bad classifier vocabulary";
        c->idf = AT(SEC_CLF_IDF);
        c->weights = AT(SEC_CLF_W);
        c->bias = AT(SEC_CLF_BIAS);
        if (!all_finite(c->idf, mt->nfeat) || !all_finite(c->weights, (uint64_t)mt->nfeat * mt->stride) ||
            !all_finite(c->bias, mt->stride))
            return "non-finite classifier weights";
        c->nfeat = mt->nfeat;
        c->nclass = mt->nclass;
        c->stride = mt->stride;
        c->temperature = mt->temperature;
        m->calib = AT(SEC_OOS);
        if (!ai_oos_calib_valid(m->calib))
            return "bad confidence model";
        m->ex = (struct ai_exemplars){.class_off = AT(SEC_EX_CLASS), .ptr = AT(SEC_EX_PTR), .key = AT(SEC_EX_KEY),
                                      .w = AT(SEC_EX_W), .nclass = mt->nclass, .nex = mt->nex,
                                      .nterms = mt->ex_nterms, .unseen_idf = mt->ex_unseen_idf};
        if (!ai_exemplars_valid(&m->ex))
            return "bad exemplars";
        if (mt->has_cv) {
            m->curve = AT(SEC_CURVE);
            for (uint32_t r = 0; r <= mt->nclass; r++)
                if (!ai_curve_valid(m->curve + (size_t)r * AI_CURVE_POINTS))
                    return "bad precision curve";
            m->rhead = AT(SEC_REPORT);
            m->rintent = AT(SEC_REPORT_INTENT);
            m->rpair = AT(SEC_REPORT_PAIR);
            m->attract = AT(SEC_ATTRACT);
            if (!all_finite(m->attract, mt->nclass))
                return "bad intent attraction";
            if (m->rhead->npairs != mt->npairs)
                return "bad report";
            for (uint32_t i = 0; i < mt->npairs; i++)
                if (m->rpair[i].truth >= mt->nclass || m->rpair[i].pred >= mt->nclass)
                    return "bad report pair";
            const struct ai_report_head *rh = m->rhead;
            m->report = (struct ai_model_report){
                .cv_accuracy = rh->cv_accuracy,
                .cv_macro_f1 = rh->cv_macro_f1,
                .oos_false_accept_rate = rh->oos_false_accept,
                .build_target_precision = rh->target_precision,
                .build_threshold = rh->threshold,
                .build_precision = rh->est_precision,
                .build_coverage = rh->coverage,
                .nnegatives = rh->nnegatives,
                .folds = rh->folds,
                .ncv_in_scope = rh->ncv_in,
                .ncv_unknown = rh->ncv_oos,
                .nintents = mt->nclass,
                .npairs = mt->npairs,
            };
        }
    } else if (mt->nfeat || mt->stride || mt->clf_vcap || mt->nex) {
        return "classifier sections without classes";
    }
    /* Similarity index. */
    struct ai_simindex *ix = &m->sim;
    ix->vocab = (struct ai_vocab){(uint64_t *)AT(SEC_SIM_VKEYS), (uint32_t *)AT(SEC_SIM_VIDS), mt->sim_vcap,
                                  mt->sim_vn, false};
    if (mt->sim_vn != mt->nterms || !ai_vocab_valid(&ix->vocab))
        return "bad similarity vocabulary";
    ix->idf = AT(SEC_SIM_IDF);
    ix->maxw = AT(SEC_SIM_MAXW);
    ix->off = AT(SEC_SIM_OFF);
    ix->doc = AT(SEC_SIM_DOC);
    ix->w = AT(SEC_SIM_W);
    ix->nterms = mt->nterms;
    ix->ndocs = mt->ndocs;
    ix->npost = mt->npost;
    uint64_t nslots = (uint64_t)mt->nterms * AI_SIM_TIERS;
    if (!all_finite(ix->idf, mt->nterms) || !all_finite(ix->maxw, nslots))
        return "non-finite similarity weights";
    if (ix->off[0] != 0 || ix->off[nslots] != mt->npost)
        return "bad postings offsets";
    for (uint64_t t = 0; t < nslots; t++) {
        uint64_t a = ix->off[t], b = ix->off[t + 1];
        if (b < a || b > mt->npost)
            return "bad postings offsets";
        for (uint64_t p = a; p < b; p++)
            if (ix->doc[p] >= mt->ndocs || (p > a && ix->doc[p] <= ix->doc[p - 1]))
                return "bad posting (document out of range or out of order)";
    }
    /* Tickets. */
    m->tickets = AT(SEC_TICKETS);
    m->solutions = AT(SEC_SOLUTIONS);
    for (uint32_t i = 0; i < mt->ndocs; i++) {
        const struct ticket_rec *r = &m->tickets[i];
        if (r->sol_off >= mt->solutions_size || r->sol_len >= mt->solutions_size - r->sol_off ||
            m->solutions[r->sol_off + r->sol_len] != '\0')
            return "bad ticket solution reference";
        if (r->intent != NO_INTENT && r->intent >= mt->nintents)
            return "bad ticket intent";
    }
#undef AT
    m->version = h->version;
    return NULL;
}

int ai_model_open(const char *path, struct ai_model **out, char *msg, size_t msglen)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        say(msg, msglen, "%s: %s", path, strerror(errno));
        return AI_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        say(msg, msglen, "%s: %s", path, strerror(errno));
        close(fd);
        return AI_EIO;
    }
    struct ai_model *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    m->dev = st.st_dev;
    m->ino = st.st_ino;
    m->mtime = st.st_mtim;
    m->size = st.st_size;
    if (st.st_size < (off_t)HEADER_SIZE) {
        close(fd);
        free(m);
        say(msg, msglen, "%s: refused: shorter than a header", path);
        return AI_ECORRUPT;
    }
    m->map_len = (size_t)st.st_size;
    m->map = mmap(NULL, m->map_len, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m->map == MAP_FAILED) {
        m->map = NULL;
        free(m);
        say(msg, msglen, "%s: mmap: %s", path, strerror(errno));
        return AI_EIO;
    }
    const char *why = validate(m, m->map, (uint64_t)m->map_len);
    if (why) {
        say(msg, msglen, "%s: refused: %s", path, why);
        ai_model_close(m);
        return AI_ECORRUPT;
    }
    *out = m;
    return AI_OK;
}

bool ai_model_changed(const struct ai_model *m, const char *path)
{
    struct stat st;
    if (!m || stat(path, &st) != 0)
        return false;
    return st.st_ino != m->ino || st.st_dev != m->dev || st.st_size != m->size ||
           st.st_mtim.tv_sec != m->mtime.tv_sec || st.st_mtim.tv_nsec != m->mtime.tv_nsec;
}

uint64_t ai_model_version(const struct ai_model *m) { return m->version; }
size_t ai_model_nintents(const struct ai_model *m) { return m->meta->nclass; }
size_t ai_model_ntickets(const struct ai_model *m) { return m->meta->ndocs; }
uint64_t ai_model_file_bytes(const struct ai_model *m) { return m->map_len; }
const struct ai_simindex *ai_model_simindex(const struct ai_model *m) { return &m->sim; }

const char *ai_model_intent(const struct ai_model *m, size_t i)
{
    return i < m->meta->nintents ? m->strings + m->intent_off[i] : NULL;
}

const struct ai_classifier *ai_model_classifier(const struct ai_model *m)
{
    return m->meta->nclass ? &m->clf : NULL;
}

int ai_model_classify(const struct ai_model *m, struct ai_session *s, const char *text, size_t len,
                      struct ai_intent_guess *out, size_t k, size_t *nout)
{
    *nout = 0;
    if (!m->meta->nclass || k == 0)
        return AI_OK;
    struct ai_class_prob top[16];
    if (k > 16)
        k = 16;
    size_t n;
    uint32_t best;
    struct ai_oos_signals sig;
    int rc = ai_cv_signals(&m->clf, &m->ex, s, text, len, &best, &sig);
    if (rc < 0)
        return rc;
    sig.v[AI_SIG_ATTRACT] = m->attract ? m->attract[best] : 0;
    ai_classifier_top_scored(&m->clf, s, top, k, &n);
    for (size_t i = 0; i < n; i++) {
        out[i].intent = ai_model_intent(m, top[i].label);
        out[i].prob = top[i].prob;
    }
    /* The top guess carries the OOS-aware confidence; the others stay in-catalogue. */
    if (n && m->calib->fitted)
        out[0].prob = ai_oos_prob(m->calib, &sig);
    *nout = n;
    return AI_OK;
}

int ai_model_similar(const struct ai_model *m, struct ai_delta *delta, struct ai_session *s, const char *text,
                     size_t len, size_t k, float min_score, struct ai_similar *out, size_t *nout)
{
    *nout = 0;
    if (k == 0)
        return AI_OK;
    if (k > 32)
        k = 32;
    struct ai_sim_query q;
    int rc = ai_simindex_query(&m->sim, s, text, len, &q);
    if (rc < 0)
        return rc;
    /* Ask each side for k extra, so dropping duplicates still leaves k. */
    struct ai_sim_hit hits[64];
    struct ai_delta_hit dhits[64];
    size_t nh = 0, nd = 0;
    if ((rc = ai_simindex_search(&m->sim, s, &q, 2 * k, min_score, hits, &nh)) < 0)
        return rc;
    if (delta && (rc = ai_delta_search(delta, &m->sim, s, &q, 2 * k, min_score, dhits, &nd)) < 0)
        return rc;
    size_t n = 0, i = 0, j = 0;
    while (n < k && (i < nh || j < nd)) {
        bool take_delta = j < nd && (i >= nh || dhits[j].score >= hits[i].score);
        struct ai_similar x;
        if (take_delta) {
            size_t it = dhits[j].item;
            const char *sol = ai_delta_solution(delta, it);
            x = (struct ai_similar){ai_delta_id(delta, it), dhits[j].score, ai_delta_intent(delta, it), sol ? sol : "",
                                    ai_delta_reusable(delta, it), true};
            j++;
        } else {
            const struct ticket_rec *r = &m->tickets[hits[i].doc];
            x = (struct ai_similar){r->id, hits[i].score, r->intent == NO_INTENT ? NULL : ai_model_intent(m, r->intent),
                                    m->solutions + r->sol_off, (r->flags & 1u) != 0, false};
            i++;
        }
        /* A ticket in both: the delta holds the newer resolution. */
        bool dup = false;
        for (size_t u = 0; u < n; u++)
            if (out[u].ticket_id == x.ticket_id)
                dup = true;
        if (!dup && !take_delta && delta) {
            for (size_t u = 0; u < nd; u++)
                if (ai_delta_id(delta, dhits[u].item) == x.ticket_id)
                    dup = true;
        }
        if (!dup)
            out[n++] = x;
    }
    *nout = n;
    return AI_OK;
}

/* ---- confidence curve, threshold and report ---- */

/* The curve row of intent (NULL: row 0, all predictions); NULL without one. */
static const struct ai_curve_cell *curve_row(const struct ai_model *m, const char *intent)
{
    if (!m->curve)
        return NULL;
    if (!intent)
        return m->curve;
    for (uint32_t c = 0; c < m->meta->nclass; c++)
        if (strcmp(ai_model_intent(m, c), intent) == 0)
            return m->curve + (size_t)(c + 1) * AI_CURVE_POINTS;
    return NULL;
}

size_t ai_model_curve(const struct ai_model *m, const char *intent, struct ai_curve_point *out, size_t max)
{
    const struct ai_curve_cell *row = curve_row(m, intent);
    if (!row || max == 0)
        return 0;
    size_t step = (AI_CURVE_POINTS + max - 1) / max, n = 0;
    for (size_t g = 0; g < AI_CURVE_POINTS && n < max; g += step) {
        const struct ai_curve_cell *c = &row[g];
        out[n++] = (struct ai_curve_point){
            .threshold = (float)g / (AI_CURVE_POINTS - 1),
            .precision = c->accepted > 0 ? c->correct / c->accepted : 1.0f,
            .coverage = row[0].accepted > 0 ? c->accepted / row[0].accepted : 0.0f,
        };
    }
    return n;
}

int ai_model_threshold(const struct ai_model *m, const char *intent, double target_precision, double *threshold,
                       double *est_precision, double *coverage)
{
    *threshold = 1.0;
    *est_precision = 0;
    *coverage = 0;
    if (!(target_precision > 0 && target_precision < 1))
        return AI_EINVAL;
    const struct ai_curve_cell *row = curve_row(m, intent);
    if (!row)
        return AI_ENODATA;
    return ai_curve_threshold(row, intent ? m->curve : NULL, target_precision, intent ? AI_CURVE_MIN_INTENT : 1,
                              threshold, est_precision, coverage);
}

const struct ai_model_report *ai_model_report(const struct ai_model *m) { return m->rhead ? &m->report : NULL; }

int ai_model_report_intent(const struct ai_model *m, size_t i, struct ai_report_intent *out)
{
    if (!m->rhead)
        return AI_ENODATA;
    if (i >= m->meta->nclass)
        return AI_EINVAL;
    const struct ai_report_intent_rec *r = &m->rintent[i];
    *out = (struct ai_report_intent){ai_model_intent(m, i), r->f1, r->precision, r->recall, r->support};
    return AI_OK;
}

int ai_model_report_pair(const struct ai_model *m, size_t i, struct ai_confused_pair *out)
{
    if (!m->rhead)
        return AI_ENODATA;
    if (i >= m->meta->npairs)
        return AI_EINVAL;
    const struct ai_report_pair_rec *r = &m->rpair[i];
    *out = (struct ai_confused_pair){ai_model_intent(m, r->truth), ai_model_intent(m, r->pred), r->count};
    return AI_OK;
}
