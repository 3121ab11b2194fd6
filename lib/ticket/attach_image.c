/* attach_image: structural walks of PNG, JPEG, GIF and WebP that must end exactly at
 * the file's end. */
#include "ticket/attach_image.h"

#include <stdint.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static bool side_ok(unsigned w, unsigned h)
{
    return w >= 1 && h >= 1 && w <= ATTACH_IMAGE_MAX_SIDE && h <= ATTACH_IMAGE_MAX_SIDE;
}

/* CRC-32 (ISO 3309, as PNG uses it), bitwise: images are small beside the network. */
static uint32_t crc32_of(const unsigned char *d, size_t len)
{
    static uint32_t table[256];
    static bool ready;
    if (!ready) {
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        ready = true;
    }
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < len; i++)
        c = table[(c ^ d[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static bool png(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (len < 8 || memcmp(d, sig, 8) != 0)
        return false;
    size_t p = 8;
    bool first = true, idat = false;
    while (len - p >= 12) {
        uint32_t clen = be32(d + p);
        const unsigned char *type = d + p + 4;
        if (clen > 0x7fffffffu || clen > len - p - 12)
            return false;
        for (int i = 0; i < 4; i++)
            if (!((type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z')))
                return false;
        if (crc32_of(type, clen + 4) != be32(d + p + 8 + clen))
            return false;
        if (first != (memcmp(type, "IHDR", 4) == 0))
            return false; /* IHDR first, and only first */
        if (first) {
            if (clen != 13)
                return false;
            *w = be32(d + p + 8);
            *h = be32(d + p + 12);
            if (!side_ok(*w, *h))
                return false;
        }
        first = false;
        idat = idat || memcmp(type, "IDAT", 4) == 0;
        p += 12 + clen;
        if (memcmp(type, "IEND", 4) == 0)
            return clen == 0 && idat && p == len; /* nothing after IEND */
    }
    return false;
}

static bool jpeg(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
    if (len < 4 || d[0] != 0xff || d[1] != 0xd8)
        return false;
    size_t p = 2;
    bool frame = false, scan = false;
    while (p < len) {
        if (d[p] != 0xff)
            return false;
        while (p < len && d[p] == 0xff) /* fill bytes */
            p++;
        if (p >= len)
            return false;
        unsigned m = d[p++];
        if (m == 0xd9) /* EOI: the end, and the file's */
            return frame && scan && p == len;
        if (m == 0x00 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01)
            return false; /* no stray SOI, RST or stuffing outside a scan */
        if (len - p < 2)
            return false;
        unsigned slen = be16(d + p);
        if (slen < 2 || slen > len - p)
            return false;
        bool sof = m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
        if (sof) {
            if (slen < 8 || frame)
                return false;
            *h = be16(d + p + 3);
            *w = be16(d + p + 5);
            if (!side_ok(*w, *h))
                return false;
            frame = true;
        }
        p += slen;
        if (m == 0xda) { /* a scan: entropy-coded data up to the next real marker */
            if (!frame)
                return false;
            scan = true;
            while (p + 1 < len && !(d[p] == 0xff && d[p + 1] != 0x00 &&
                                    !(d[p + 1] >= 0xd0 && d[p + 1] <= 0xd7) && d[p + 1] != 0xff))
                p++;
            if (p + 1 >= len)
                return false;
        }
    }
    return false;
}

/* GIF data sub-blocks from d[*p]: sizes then data, up to the 0 terminator. */
static bool gif_blocks(const unsigned char *d, size_t len, size_t *p)
{
    while (*p < len) {
        unsigned n = d[(*p)++];
        if (n == 0)
            return true;
        if (n > len - *p)
            return false;
        *p += n;
    }
    return false;
}

static bool gif(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
    if (len < 14 || (memcmp(d, "GIF87a", 6) != 0 && memcmp(d, "GIF89a", 6) != 0))
        return false;
    *w = le16(d + 6);
    *h = le16(d + 8);
    if (!side_ok(*w, *h))
        return false;
    size_t p = 13;
    if (d[10] & 0x80)
        p += 3u * (1u << ((d[10] & 7) + 1));
    bool image = false;
    while (p < len) {
        unsigned b = d[p++];
        if (b == 0x3b) /* trailer: the end, and the file's */
            return image && p == len;
        if (b == 0x21) {
            if (p >= len)
                return false;
            p++; /* label */
            if (!gif_blocks(d, len, &p))
                return false;
        } else if (b == 0x2c) {
            if (len - p < 9)
                return false;
            unsigned flags = d[p + 8];
            p += 9;
            if (flags & 0x80)
                p += 3u * (1u << ((flags & 7) + 1));
            if (p >= len)
                return false;
            p++; /* LZW minimum code size */
            if (!gif_blocks(d, len, &p))
                return false;
            image = true;
        } else {
            return false;
        }
    }
    return false;
}

static bool webp(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
    if (len < 20 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4) != 0)
        return false;
    if ((size_t)le32(d + 4) != len - 8)
        return false; /* the RIFF is the whole file: nothing after it */
    size_t p = 12;
    bool sized = false;
    while (p < len) {
        if (len - p < 8)
            return false;
        const unsigned char *cc = d + p;
        uint32_t clen = le32(d + p + 4);
        if (clen > len - p - 8)
            return false;
        const unsigned char *c = d + p + 8;
        if (!sized && memcmp(cc, "VP8X", 4) == 0 && clen >= 10) {
            *w = 1 + (c[4] | (unsigned)c[5] << 8 | (unsigned)c[6] << 16);
            *h = 1 + (c[7] | (unsigned)c[8] << 8 | (unsigned)c[9] << 16);
            sized = true;
        } else if (!sized && memcmp(cc, "VP8L", 4) == 0 && clen >= 5 && c[0] == 0x2f) {
            uint32_t bits = le32(c + 1);
            *w = 1 + (bits & 0x3fff);
            *h = 1 + ((bits >> 14) & 0x3fff);
            sized = true;
        } else if (!sized && memcmp(cc, "VP8 ", 4) == 0 && clen >= 10 && c[3] == 0x9d &&
                   c[4] == 0x01 && c[5] == 0x2a) {
            *w = le16(c + 6) & 0x3fff;
            *h = le16(c + 8) & 0x3fff;
            sized = true;
        }
        p += 8 + clen + (clen & 1);
        if (p > len)
            return false;
    }
    return sized && p == len && side_ok(*w, *h);
}

bool attach_image_verify(const char *mime, const unsigned char *d, size_t len, unsigned *width,
                         unsigned *height)
{
    unsigned w = 0, h = 0;
    bool ok = strcmp(mime, "image/png") == 0    ? png(d, len, &w, &h)
              : strcmp(mime, "image/jpeg") == 0 ? jpeg(d, len, &w, &h)
              : strcmp(mime, "image/gif") == 0  ? gif(d, len, &w, &h)
              : strcmp(mime, "image/webp") == 0 ? webp(d, len, &w, &h)
                                                : false;
    *width = ok ? w : 0;
    *height = ok ? h : 0;
    return ok;
}
