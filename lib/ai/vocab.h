/* vocab: an open-addressing table from 64-bit feature keys to dense ids. */
#ifndef DESKPILOT_AI_VOCAB_H
#define DESKPILOT_AI_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AI_VOCAB_NONE UINT32_MAX

/* The table is two flat arrays so it can live inside an mmap'd model file:
 * slot i holds keys[i] (0 = empty) and ids[i]. cap is a power of two and at
 * most half full, so a lookup probes a couple of slots. A key of 0 is stored as 1. */
struct ai_vocab {
    uint64_t *keys;
    uint32_t *ids;
    uint32_t cap; /* slots, a power of two */
    uint32_t n;   /* ids handed out: 0..n-1 */
    bool owned;   /* arrays are malloc'd (false when they point into a mapping) */
};

/* Ready an empty, owned table. Returns 0 or AI_ENOMEM. */
int ai_vocab_init(struct ai_vocab *v, uint32_t expected);
/* Free owned arrays; harmless twice or on a zeroed table. */
void ai_vocab_cleanup(struct ai_vocab *v);
/* Forget every key, keeping the storage (owned tables only). */
void ai_vocab_reset(struct ai_vocab *v);
/* The id of key, or AI_VOCAB_NONE. */
uint32_t ai_vocab_find(const struct ai_vocab *v, uint64_t key);
/* The id of key, adding it with the next id when absent. Sets *added when new.
 * Returns 0, AI_ENOMEM, or AI_ERANGE past 2^31 ids. */
int ai_vocab_add(struct ai_vocab *v, uint64_t key, uint32_t *id, bool *added);
/* Check a table read from a file: cap a power of two, n <= cap / 2, every id
 * < n and as many used slots as ids. False when anything is off. Lookups on a
 * table that passes can neither loop forever nor return an id >= n. */
bool ai_vocab_valid(const struct ai_vocab *v);

/* Count one more text holding term id in a document-frequency array that grows
 * (zero-filled) as new ids appear; *df and *cap start as NULL and 0, the caller
 * frees *df. 0 or AI_ENOMEM. */
int ai_df_count(uint32_t **df, size_t *cap, uint32_t id);

#endif
