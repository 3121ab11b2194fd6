/* rng: a small deterministic random generator (xoshiro-like splitmix stream). */
#ifndef DESKPILOT_AI_RNG_H
#define DESKPILOT_AI_RNG_H

#include <stdint.h>

struct ai_rng {
    uint64_t s;
};

static inline void ai_rng_seed(struct ai_rng *r, uint64_t seed)
{
    r->s = seed ^ 0x5851f42d4c957f2dULL;
}

/* Next 64 random bits (splitmix64: passes BigCrush, one add and a mix per call). */
static inline uint64_t ai_rng_next(struct ai_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n); n > 0. Multiply-shift, bias below 2^-32 for our n. */
static inline uint32_t ai_rng_below(struct ai_rng *r, uint32_t n)
{
    return (uint32_t)(((ai_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform double in [0, 1). */
static inline double ai_rng_unit(struct ai_rng *r)
{
    return (double)(ai_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
