/* hash: the 64-bit hashes that name features (n-grams, terms) in every lib/ai index. */
#ifndef DESKPILOT_AI_HASH_H
#define DESKPILOT_AI_HASH_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64 finaliser: a bijective mix, so distinct inputs stay distinct. */
static inline uint64_t ai_hash_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Hash n bytes with a seed (FNV-1a then mixed). Stable across runs and machines,
 * because feature keys are stored in model files. */
static inline uint64_t ai_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ ai_hash_mix(seed);
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return ai_hash_mix(h ^ n);
}

/* Combine two hashes in an order-sensitive way (for bigrams). */
static inline uint64_t ai_hash_pair(uint64_t a, uint64_t b)
{
    return ai_hash_mix(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

#endif
