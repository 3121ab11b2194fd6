/* vocab: open-addressing hash table, linear probing, no deletion. */
#include "ai/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "ai/hash.h"
#include "ai/status.h"
#include "core/vec.h"

static inline uint64_t norm_key(uint64_t k)
{
    return k ? k : 1;
}

int ai_vocab_init(struct ai_vocab *v, uint32_t expected)
{
    memset(v, 0, sizeof *v);
    uint32_t cap = 64;
    while (cap < 2 * (uint64_t)expected && cap < (1u << 31))
        cap *= 2;
    v->keys = calloc(cap, sizeof *v->keys);
    v->ids = calloc(cap, sizeof *v->ids); /* empty slots are written to the model file */
    if (!v->keys || !v->ids) {
        free(v->keys);
        free(v->ids);
        memset(v, 0, sizeof *v);
        return AI_ENOMEM;
    }
    v->cap = cap;
    v->owned = true;
    return AI_OK;
}

void ai_vocab_cleanup(struct ai_vocab *v)
{
    if (v->owned) {
        free(v->keys);
        free(v->ids);
    }
    memset(v, 0, sizeof *v);
}

void ai_vocab_reset(struct ai_vocab *v)
{
    if (!v->owned)
        return;
    memset(v->keys, 0, v->cap * sizeof *v->keys);
    v->n = 0;
}

uint32_t ai_vocab_find(const struct ai_vocab *v, uint64_t key)
{
    if (!v->cap)
        return AI_VOCAB_NONE;
    key = norm_key(key);
    uint32_t mask = v->cap - 1;
    /* Keys are already hashes, but mix again: callers may pass small integers. */
    for (uint32_t i = (uint32_t)ai_hash_mix(key) & mask, probes = 0; probes < v->cap;
         i = (i + 1) & mask, probes++) {
        if (v->keys[i] == key)
            return v->ids[i];
        if (v->keys[i] == 0)
            return AI_VOCAB_NONE;
    }
    return AI_VOCAB_NONE;
}

static int rehash(struct ai_vocab *v, uint32_t cap)
{
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *ids = calloc(cap, sizeof *ids); /* as in ai_vocab_init */
    if (!keys || !ids) {
        free(keys);
        free(ids);
        return AI_ENOMEM;
    }
    uint32_t mask = cap - 1;
    for (uint32_t j = 0; j < v->cap; j++) {
        if (!v->keys[j])
            continue;
        uint32_t i = (uint32_t)ai_hash_mix(v->keys[j]) & mask;
        while (keys[i])
            i = (i + 1) & mask;
        keys[i] = v->keys[j];
        ids[i] = v->ids[j];
    }
    free(v->keys);
    free(v->ids);
    v->keys = keys;
    v->ids = ids;
    v->cap = cap;
    return AI_OK;
}

int ai_vocab_add(struct ai_vocab *v, uint64_t key, uint32_t *id, bool *added)
{
    if (added)
        *added = false;
    if (!v->owned)
        return AI_EINVAL;
    key = norm_key(key);
    uint32_t mask = v->cap - 1;
    uint32_t i = (uint32_t)ai_hash_mix(key) & mask;
    while (v->keys[i]) {
        if (v->keys[i] == key) {
            *id = v->ids[i];
            return AI_OK;
        }
        i = (i + 1) & mask;
    }
    if (v->n >= (1u << 30))
        return AI_ERANGE;
    if (2 * (v->n + 1) > v->cap) {
        int rc = rehash(v, v->cap * 2);
        if (rc < 0)
            return rc;
        return ai_vocab_add(v, key, id, added);
    }
    v->keys[i] = key;
    v->ids[i] = v->n;
    *id = v->n++;
    if (added)
        *added = true;
    return AI_OK;
}

bool ai_vocab_valid(const struct ai_vocab *v)
{
    if (v->cap < 2 || (v->cap & (v->cap - 1)) || v->n > v->cap / 2)
        return false;
    uint32_t used = 0;
    for (uint32_t i = 0; i < v->cap; i++) {
        if (!v->keys[i])
            continue;
        if (v->ids[i] >= v->n)
            return false;
        used++;
    }
    /* Ids are dense 0..n-1 and each slot holds one: the counts must match. */
    return used == v->n;
}

int ai_df_count(uint32_t **df, size_t *cap, uint32_t id)
{
    size_t old = *cap;
    if (VEC_RESERVE(*df, *cap, (size_t)id + 1))
        return AI_ENOMEM;
    if (*cap > old) /* new counts start at zero */
        memset(*df + old, 0, (*cap - old) * sizeof **df);
    (*df)[id]++;
    return 0;
}
