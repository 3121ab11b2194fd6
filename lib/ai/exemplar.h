/* exemplar: the training texts of each intent as small word vectors, so a
 * prediction can say how close the text comes to anything its intent was
 * taught with -- far from every example is the mark of an unknown topic. */
#ifndef DESKPILOT_AI_EXEMPLAR_H
#define DESKPILOT_AI_EXEMPLAR_H

#include <stddef.h>
#include <stdint.h>

#include "ai/classifier.h"
#include "ai/session.h"

/* Examples are the classifier's stemmed word and word-bigram keys (the blocks
 * it uses of those two), weighted (1 + ln tf) * idf with the classifier's idf,
 * l2-normalised. Arrays are owned after ai_exemplars_build (own[] non-NULL) or
 * point into a mapped model file. */
struct ai_exemplars {
    const uint32_t
        *class_off;      /* nclass + 1: class c's examples are [class_off[c], class_off[c + 1]) */
    const uint64_t *ptr; /* nex + 1: example i's terms are [ptr[i], ptr[i + 1]) */
    const uint64_t *key; /* nterms, ascending within an example */
    const float *w;      /* nterms */
    uint32_t nclass, nex;
    uint64_t nterms;
    float unseen_idf; /* idf given to a query word the classifier never saw */
    float pad;
    void *own[4];
};

/* Build from the rows[0..nrows) of texts/labels (labels < c->nclass) with the
 * trained classifier c. Returns 0, AI_ENOMEM, AI_ERANGE (over 2^32 examples). */
int ai_exemplars_build(const struct ai_classifier *c, const char *const *texts,
                       const uint32_t *labels, const uint32_t *rows, size_t nrows,
                       struct ai_exemplars *out);

/* Free owned arrays; harmless on a zeroed or mapped set. */
void ai_exemplars_cleanup(struct ai_exemplars *e);

/* For the text whose keys ai_classifier_scores(c, s, ...) just left in s->keys:
 * the largest cosine to an example of class cls (0 when it has none) and the
 * share of its words (by count) that are not in the classifier's vocabulary.
 * Uses s's query buffers. Returns 0 or AI_ENOMEM. */
int ai_exemplars_query(const struct ai_exemplars *e, const struct ai_classifier *c,
                       struct ai_session *s, uint32_t cls, float *cosine, float *unseen);

/* Check a set read from a file against its counts: offsets ascending and in
 * range, weights finite. True when usable. */
int ai_exemplars_valid(const struct ai_exemplars *e);

#endif
