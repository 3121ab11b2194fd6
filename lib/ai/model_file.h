/* model_file: the model file's on-disk layout and the mapped model over it --
 * private to lib/ai/model*.c (the public API is ai/model.h). */
#ifndef DESKPILOT_AI_MODEL_FILE_H
#define DESKPILOT_AI_MODEL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ai/classifier.h"
#include "ai/curve.h"
#include "ai/exemplar.h"
#include "ai/model.h"
#include "ai/oos.h"
#include "ai/report.h"
#include "ai/simindex.h"

/* File layout: a fixed header, then every section at a 64-byte aligned offset
 * in the fixed order below (sizes may be 0). All integers little-endian, the
 * host's layout (the endian field refuses a file from a big-endian host). */
#define MODEL_MAGIC "DPMODEL"
#define MODEL_ALIGN 64
#define MODEL_ENDIAN_MARK 0x01020304u
#define MODEL_NO_INTENT UINT32_MAX

enum model_section_id {
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
    SEC_TICKETS,    /* struct model_ticket[ndocs] */
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

struct model_section {
    uint64_t offset, size;
};

struct model_header {
    char magic[8];
    uint32_t format;
    uint32_t endian;
    uint32_t header_size;
    uint32_t nsections;
    uint64_t version;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint64_t created;  /* unix seconds */
    struct model_section sec[SEC_COUNT];
};

#define MODEL_HEADER_SIZE                                                                          \
    (((sizeof(struct model_header) + MODEL_ALIGN - 1) / MODEL_ALIGN) * MODEL_ALIGN)

struct model_meta {
    struct ai_feat_opts feat;
    uint32_t nintents, nclass, nfeat, stride;
    uint32_t clf_vcap, clf_vn;
    float temperature;
    uint32_t nterms, ndocs;
    uint32_t sim_vcap, sim_vn;
    uint32_t pad;
    uint64_t npost;
    uint64_t strings_size, solutions_size;
    uint32_t nex, has_cv; /* exemplars; 1 when curve and report are present */
    uint64_t ex_nterms;
    float ex_unseen_idf;
    uint32_t npairs;
};

struct model_ticket {
    int64_t id;
    uint64_t sol_off;
    uint32_t sol_len;
    uint32_t intent; /* index into the intent names, or MODEL_NO_INTENT */
    uint32_t flags;  /* bit 0: reusable */
    uint32_t pad;
};

struct ai_model {
    void *map; /* the mapped file, or (owned) a private copy in memory */
    size_t map_len;
    bool owned;                  /* map is malloc'd: free, not munmap */
    struct ai_model_stamp stamp; /* the file it was read from, as it was then */
    uint64_t version;
    const struct model_meta *meta;
    const uint32_t *intent_off;
    const char *strings;
    struct ai_classifier clf;
    struct ai_simindex sim;
    const struct model_ticket *tickets;
    const char *solutions;
    const struct ai_oos_calib *calib; /* NULL without a classifier */
    struct ai_exemplars ex;
    const struct ai_curve_cell *curve; /* NULL without cross-validation */
    const struct ai_report_head *rhead;
    const struct ai_report_intent_rec *rintent;
    const struct ai_report_pair_rec *rpair;
    const float *attract; /* NULL without cross-validation */
    struct ai_model_report report;
};

/* The checksum: four independent multiply-rotate lanes over 32-byte blocks. */
struct model_csum {
    uint64_t h[4];
};
void ai_model_csum_init(struct model_csum *c);
/* Fold nblocks whole 32-byte blocks of p into c. */
void ai_model_csum_blocks(struct model_csum *c, const unsigned char *p, size_t nblocks);
/* The lanes combined, with the payload length len. */
uint64_t ai_model_csum_final(const struct model_csum *c, uint64_t len);
/* The file checksum: the payload's (payload_sum), combined with the header's
 * (MODEL_HEADER_SIZE bytes at header, its checksum field read as 0). */
uint64_t ai_model_file_checksum(uint64_t payload_sum, const unsigned char *header);

/* Check the size bytes at base and point m's fields into them: NULL, or what is
 * wrong (the first failure). full: every byte too — the checksum and every element,
 * O(size); without it the header, the section table and the counts only, for a copy
 * already verified in full whose file is recognised by its stamp (model_keep.c). */
const char *ai_model_validate(struct ai_model *m, const unsigned char *base, uint64_t size,
                              bool full);

struct stat;
void ai_model_stamp_of(const struct stat *st, struct ai_model_stamp *out);

/* printf into msg[msglen] (nothing when msg is NULL): the build's and the open's
 * message for the administrator's log. */
void ai_model_say(char *msg, size_t msglen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
