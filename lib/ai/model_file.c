/* model_file: the model file's checksum and the shared message helper. */
#include "ai/model_file.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ai/hash.h"

void ai_model_say(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || !msglen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

void ai_model_csum_init(struct model_csum *c)
{
    for (int i = 0; i < 4; i++)
        c->h[i] = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
}

static inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

void ai_model_csum_blocks(struct model_csum *c, const unsigned char *p, size_t nblocks)
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

uint64_t ai_model_csum_final(const struct model_csum *c, uint64_t len)
{
    return ai_hash_mix(ai_hash_mix(c->h[0] ^ len) ^ rotl(c->h[1], 7) ^ rotl(c->h[2], 12) ^
                       rotl(c->h[3], 18));
}

/* The file checksum: the payload's, combined with the header's (checksum field as 0). */
uint64_t ai_model_file_checksum(uint64_t payload_sum, const unsigned char *header)
{
    unsigned char h[MODEL_HEADER_SIZE];
    memcpy(h, header, MODEL_HEADER_SIZE);
    memset(h + offsetof(struct model_header, checksum), 0, sizeof(uint64_t));
    return ai_hash_mix(payload_sum ^ ai_hash_bytes(h, MODEL_HEADER_SIZE, 0x4ead));
}
