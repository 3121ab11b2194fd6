/* model_build: train, index and write a model file (buffered, checksummed,
 * atomically renamed into place). */
#include "ai/model_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ai/clock.h"
#include "ai/crossval.h"
#include "ai/hash.h"
#include "ai/status.h"
#include "core/vec.h"

/* ---- writer: buffered, checksumming, sticky error ---- */

struct writer {
    int fd;
    int err; /* errno of the first failure */
    unsigned char *buf;
    size_t n, cap;
    uint64_t pos; /* bytes written past the header */
    struct model_csum cs;
};

static void w_flush(struct writer *w, bool all)
{
    /* Hash and write whole 32-byte blocks; keep a partial block unless all. */
    size_t whole = all ? w->n : w->n / 32 * 32;
    if (whole == 0 || w->err)
        return;
    ai_model_csum_blocks(&w->cs, w->buf, whole / 32); /* all: n is a multiple of 64 by then */
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
    static const unsigned char zero[MODEL_ALIGN];
    size_t r = (size_t)(w->pos % MODEL_ALIGN);
    if (r)
        w_bytes(w, zero, MODEL_ALIGN - r);
}

/* Write one section: record where it starts, its bytes, then pad. */
static void w_section(struct writer *w, struct model_header *h, enum model_section_id s,
                      const void *p, uint64_t size)
{
    h->sec[s].offset = MODEL_HEADER_SIZE + w->pos;
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
    if (VEC_RESERVE(t->data, t->cap, t->len + n + 1))
        return AI_ENOMEM;
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
            if (VEC_RESERVE(nm->off, nm->cap, nm->n + 1))
                return AI_ENOMEM;
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

/* Write everything to a temporary file next to path, then rename it over path. */
static int write_file(const char *path, uint64_t version, const struct model_meta *mt,
                      const struct names *nm, const uint32_t *intent_off,
                      const struct ai_classifier *clf, const struct ai_simindex *sim,
                      const struct model_ticket *tickets, const struct strtab *sols,
                      const struct cv_parts *cvp, uint64_t *bytes, char *msg, size_t msglen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 64);
    struct writer w = {.fd = -1};
    w.cap = 1 << 20;
    w.buf = malloc(w.cap);
    if (!tmp || !w.buf) {
        free(tmp);
        free(w.buf);
        ai_model_say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    static unsigned counter;
    snprintf(tmp, plen + 64, "%s.tmp.%ld.%u", path, (long)getpid(), counter++);
    /* 0600: the index holds agents' replies, customer text. */
    w.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w.fd < 0) {
        ai_model_say(msg, msglen, "%s: %s", tmp, strerror(errno));
        free(tmp);
        free(w.buf);
        return AI_EIO;
    }
    struct model_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MODEL_MAGIC, sizeof MODEL_MAGIC);
    h.format = AI_MODEL_FORMAT;
    h.endian = MODEL_ENDIAN_MARK;
    h.header_size = (uint32_t)MODEL_HEADER_SIZE;
    h.nsections = SEC_COUNT;
    h.version = version;
    h.created = (uint64_t)time(NULL);
    ai_model_csum_init(&w.cs);
    if (lseek(w.fd, (off_t)MODEL_HEADER_SIZE, SEEK_SET) < 0)
        w.err = errno;
    w_section(&w, &h, SEC_META, mt, sizeof *mt);
    w_section(&w, &h, SEC_INTENT_OFF, intent_off,
              (uint64_t)(mt->nintents + 1) * sizeof *intent_off);
    w_section(&w, &h, SEC_STRINGS, nm->tab.data, mt->strings_size);
    bool has_clf = mt->nclass > 0;
    w_section(&w, &h, SEC_CLF_VKEYS, has_clf ? clf->vocab.keys : NULL, (uint64_t)mt->clf_vcap * 8);
    w_section(&w, &h, SEC_CLF_VIDS, has_clf ? clf->vocab.ids : NULL, (uint64_t)mt->clf_vcap * 4);
    w_section(&w, &h, SEC_CLF_IDF, has_clf ? clf->idf : NULL, (uint64_t)mt->nfeat * 4);
    w_section(&w, &h, SEC_CLF_W, has_clf ? clf->weights : NULL,
              (uint64_t)mt->nfeat * mt->stride * 4);
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
    w_section(&w, &h, SEC_CURVE, cvp->curve,
              mt->has_cv ? (cvrows + 1) * AI_CURVE_POINTS * sizeof *cvp->curve : 0);
    w_section(&w, &h, SEC_REPORT, cvp->head, mt->has_cv ? sizeof *cvp->head : 0);
    w_section(&w, &h, SEC_REPORT_INTENT, cvp->per, cvrows * sizeof *cvp->per);
    w_section(&w, &h, SEC_REPORT_PAIR, cvp->pairs, (uint64_t)mt->npairs * sizeof *cvp->pairs);
    w_section(&w, &h, SEC_ATTRACT, cvp->attract, cvrows * sizeof *cvp->attract);
    w_flush(&w, true);
    h.file_size = MODEL_HEADER_SIZE + w.pos;
    unsigned char hbuf[MODEL_HEADER_SIZE];
    memset(hbuf, 0, sizeof hbuf);
    memcpy(hbuf, &h, sizeof h);
    h.checksum = ai_model_file_checksum(ai_model_csum_final(&w.cs, w.pos), hbuf);
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
        ai_model_say(msg, msglen, "%s: %s", path, strerror(w.err));
        unlink(tmp);
        rc = AI_EIO;
    }
    *bytes = h.file_size;
    free(tmp);
    free(w.buf);
    return rc;
}

int ai_model_build(const char *path, const struct ai_build_input *in, struct ai_build_report *rep,
                   char *msg, size_t msglen)
{
    double t0 = ai_now_seconds();
    struct ai_build_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    ai_model_say(msg, msglen, "ok");
    if (!path || !in || (in->nexamples && !in->examples) || (in->ntickets && !in->tickets)) {
        ai_model_say(msg, msglen, "invalid build input");
        return AI_EINVAL;
    }
    if (in->ntickets >= (1u << 31) || in->nexamples >= (1u << 31)) {
        ai_model_say(msg, msglen, "too many examples or tickets");
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
    struct model_ticket *recs = NULL;
    struct strtab sols = {0};
    struct ai_vocab sol_index = {0};
    uint64_t *sol_off = NULL;
    size_t *sol_len = NULL;
    struct model_meta mt;
    memset(&mt, 0, sizeof mt);
    memset(&calib, 0, sizeof calib);
    memset(&head, 0, sizeof head);
    memset(pairs, 0, sizeof pairs);
    double target = opts->target_precision > 0 ? opts->target_precision : 0.97;
    if (!(target < 1)) {
        ai_model_say(msg, msglen, "target precision must be below 1");
        return AI_EINVAL;
    }

    if (ai_vocab_init(&nm.index, 128) < 0 || ai_vocab_init(&sol_index, 1024) < 0 ||
        ai_session_new(&s) < 0)
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
            ai_model_say(msg, msglen, "too many intents (%u)", nclass);
            rc = AI_ERANGE;
            goto out_fail;
        }
        if ((rc = ai_crossval_train(texts, labels, n, nclass, neg, nneg, opts, NULL, &clf, &ex, &cv,
                                    &rep->train)) < 0) {
            ai_model_say(msg, msglen, "training failed: %s", ai_strerror(rc));
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
            ai_curve_threshold(curve, NULL, target, 1, &head.threshold, &head.est_precision,
                               &head.coverage);
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
        struct model_ticket *r = &recs[i];
        r->id = t->ticket_id;
        r->flags = t->reusable ? 1u : 0u;
        r->intent = MODEL_NO_INTENT;
        if (t->intent && *t->intent && (rc = names_find_or_add(&nm, t->intent, &r->intent)) < 0)
            goto out_fail;
        const char *sol = t->solution ? t->solution : "";
        size_t len = strlen(sol);
        if (len > UINT32_MAX - 1) {
            rc = AI_ERANGE;
            ai_model_say(msg, msglen, "ticket %lld: solution too long", (long long)t->ticket_id);
            goto out_fail;
        }
        uint64_t h = ai_hash_bytes(sol, len, 0x5017);
        uint32_t at = ai_vocab_find(&sol_index, h);
        /* Agents reuse replies: store identical solutions once (hash, then compare). */
        if (at != AI_VOCAB_NONE && sol_len[at] == len &&
            memcmp(sols.data + sol_off[at], sol, len) == 0) {
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
        ai_model_say(msg, msglen, "indexing failed: %s", ai_strerror(rc));
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
    rc = write_file(path, in->version, &mt, &nm, intent_off, &clf, &sim, recs, &sols, &cvp,
                    &rep->file_bytes, msg, msglen);
    goto out;

out_nomem:
    rc = AI_ENOMEM;
    ai_model_say(msg, msglen, "out of memory");
out_fail:
out:
    rep->seconds = ai_now_seconds() - t0;
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
