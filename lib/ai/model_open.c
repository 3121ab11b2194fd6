/* model_open: map a model file, validate every section before use, and notice
 * when the file on disk has been replaced. */
#include "ai/model_file.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ai/status.h"

void ai_model_close(struct ai_model *m)
{
    if (!m)
        return;
    if (m->owned)
        free(m->map);
    else if (m->map)
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
const char *ai_model_validate(struct ai_model *m, const unsigned char *base, uint64_t size,
                              bool full)
{
    if (size < MODEL_HEADER_SIZE)
        return "shorter than a header";
    const struct model_header *h = (const void *)base;
    if (memcmp(h->magic, MODEL_MAGIC, sizeof MODEL_MAGIC) != 0)
        return "not a deskpilot model (bad magic)";
    if (h->endian != MODEL_ENDIAN_MARK)
        return "written on a machine of the other byte order";
    if (h->format != AI_MODEL_FORMAT)
        return "unsupported format version";
    if (h->header_size != MODEL_HEADER_SIZE || h->nsections != SEC_COUNT)
        return "bad header size or section count";
    if (h->file_size != size)
        return "file size differs from the header (truncated?)";
    const struct model_section *sec = h->sec;
    for (int i = 0; i < SEC_COUNT; i++) {
        if (sec[i].offset % MODEL_ALIGN || sec[i].offset < MODEL_HEADER_SIZE ||
            sec[i].offset > size || sec[i].size > size - sec[i].offset)
            return "a section lies outside the file";
    }
    if ((size - MODEL_HEADER_SIZE) % 32)
        return "payload not block aligned";
    if (full) {
        struct model_csum cs;
        ai_model_csum_init(&cs);
        ai_model_csum_blocks(&cs, base + MODEL_HEADER_SIZE,
                             (size_t)((size - MODEL_HEADER_SIZE) / 32));
        if (ai_model_file_checksum(ai_model_csum_final(&cs, size - MODEL_HEADER_SIZE), base) !=
            h->checksum)
            return "checksum mismatch (corrupt file)";
    }
    if (sec[SEC_META].size != sizeof(struct model_meta))
        return "bad meta section";
    const struct model_meta *mt = (const void *)(base + sec[SEC_META].offset);
    m->meta = mt;
    /* Expected section sizes, computed in 64 bits from 32-bit counts: no overflow. */
    uint64_t want[SEC_COUNT] = {
        [SEC_META] = sizeof(struct model_meta),
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
        [SEC_TICKETS] = (uint64_t)mt->ndocs * sizeof(struct model_ticket),
        [SEC_SOLUTIONS] = mt->solutions_size,
        [SEC_OOS] = mt->nclass ? sizeof(struct ai_oos_calib) : 0,
        [SEC_EX_CLASS] = mt->nclass ? ((uint64_t)mt->nclass + 1) * 4 : 0,
        [SEC_EX_PTR] = mt->nclass ? ((uint64_t)mt->nex + 1) * 8 : 0,
        [SEC_EX_KEY] = mt->ex_nterms * 8,
        [SEC_EX_W] = mt->ex_nterms * 4,
        [SEC_CURVE] =
            mt->has_cv ? ((uint64_t)mt->nclass + 1) * AI_CURVE_POINTS * sizeof(struct ai_curve_cell)
                       : 0,
        [SEC_REPORT] = mt->has_cv ? sizeof(struct ai_report_head) : 0,
        [SEC_REPORT_INTENT] =
            mt->has_cv ? (uint64_t)mt->nclass * sizeof(struct ai_report_intent_rec) : 0,
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
        if (m->intent_off[i + 1] <= m->intent_off[i] ||
            m->strings[m->intent_off[i + 1] - 1] != '\0')
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
        c->vocab = (struct ai_vocab){(uint64_t *)AT(SEC_CLF_VKEYS), (uint32_t *)AT(SEC_CLF_VIDS),
                                     mt->clf_vcap, mt->clf_vn, false};
        if (mt->clf_vn != mt->nfeat || (full && !ai_vocab_valid(&c->vocab)))
            return "bad classifier vocabulary";
        c->idf = AT(SEC_CLF_IDF);
        c->weights = AT(SEC_CLF_W);
        c->bias = AT(SEC_CLF_BIAS);
        if (full && (!all_finite(c->idf, mt->nfeat) ||
                     !all_finite(c->weights, (uint64_t)mt->nfeat * mt->stride) ||
                     !all_finite(c->bias, mt->stride)))
            return "non-finite classifier weights";
        c->nfeat = mt->nfeat;
        c->nclass = mt->nclass;
        c->stride = mt->stride;
        c->temperature = mt->temperature;
        m->calib = AT(SEC_OOS);
        if (!ai_oos_calib_valid(m->calib))
            return "bad confidence model";
        m->ex = (struct ai_exemplars){.class_off = AT(SEC_EX_CLASS),
                                      .ptr = AT(SEC_EX_PTR),
                                      .key = AT(SEC_EX_KEY),
                                      .w = AT(SEC_EX_W),
                                      .nclass = mt->nclass,
                                      .nex = mt->nex,
                                      .nterms = mt->ex_nterms,
                                      .unseen_idf = mt->ex_unseen_idf};
        if (full && !ai_exemplars_valid(&m->ex))
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
    ix->vocab = (struct ai_vocab){(uint64_t *)AT(SEC_SIM_VKEYS), (uint32_t *)AT(SEC_SIM_VIDS),
                                  mt->sim_vcap, mt->sim_vn, false};
    if (mt->sim_vn != mt->nterms || (full && !ai_vocab_valid(&ix->vocab)))
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
    if (full && (!all_finite(ix->idf, mt->nterms) || !all_finite(ix->maxw, nslots)))
        return "non-finite similarity weights";
    if (ix->off[0] != 0 || ix->off[nslots] != mt->npost)
        return "bad postings offsets";
    for (uint64_t t = 0; full && t < nslots; t++) {
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
    for (uint32_t i = 0; full && i < mt->ndocs; i++) {
        const struct model_ticket *r = &m->tickets[i];
        if (r->sol_off >= mt->solutions_size || r->sol_len >= mt->solutions_size - r->sol_off ||
            m->solutions[r->sol_off + r->sol_len] != '\0')
            return "bad ticket solution reference";
        if (r->intent != MODEL_NO_INTENT && r->intent >= mt->nintents)
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
        ai_model_say(msg, msglen, "%s: %s", path, strerror(errno));
        return AI_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ai_model_say(msg, msglen, "%s: %s", path, strerror(errno));
        close(fd);
        return AI_EIO;
    }
    struct ai_model *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        ai_model_say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    ai_model_stamp_of(&st, &m->stamp);
    if (st.st_size < (off_t)MODEL_HEADER_SIZE) {
        close(fd);
        free(m);
        ai_model_say(msg, msglen, "%s: refused: shorter than a header", path);
        return AI_ECORRUPT;
    }
    m->map_len = (size_t)st.st_size;
    m->map = mmap(NULL, m->map_len, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m->map == MAP_FAILED) {
        m->map = NULL;
        free(m);
        ai_model_say(msg, msglen, "%s: mmap: %s", path, strerror(errno));
        return AI_EIO;
    }
    const char *why = ai_model_validate(m, m->map, (uint64_t)m->map_len, true);
    if (why) {
        ai_model_say(msg, msglen, "%s: refused: %s", path, why);
        ai_model_close(m);
        return AI_ECORRUPT;
    }
    *out = m;
    return AI_OK;
}

void ai_model_stamp_of(const struct stat *st, struct ai_model_stamp *out)
{
    *out = (struct ai_model_stamp){st->st_dev, st->st_ino, st->st_size, st->st_mtim, st->st_ctim};
}

bool ai_model_stamp_read(const char *path, struct ai_model_stamp *out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    ai_model_stamp_of(&st, out);
    return true;
}

bool ai_model_stamp_equal(const struct ai_model_stamp *a, const struct ai_model_stamp *b)
{
    return a->ino == b->ino && a->dev == b->dev && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
           a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

bool ai_model_changed(const struct ai_model *m, const char *path)
{
    struct ai_model_stamp now;
    if (!m || !ai_model_stamp_read(path, &now))
        return false;
    return !ai_model_stamp_equal(&now, &m->stamp);
}

int ai_model_peek_version(const char *path, uint64_t *version)
{
    *version = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return AI_EIO;
    struct model_header h;
    ssize_t n = pread(fd, &h, sizeof h, 0);
    close(fd);
    if (n != (ssize_t)sizeof h || memcmp(h.magic, MODEL_MAGIC, sizeof MODEL_MAGIC) != 0 ||
        h.endian != MODEL_ENDIAN_MARK || h.format != AI_MODEL_FORMAT)
        return AI_ECORRUPT;
    *version = h.version;
    return AI_OK;
}
