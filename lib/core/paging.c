/* paging: signed cursors, so a client can hold a position but never forge SQL or ids. */
#include "core/paging.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "core/num.h"

#define CURSOR_MAC 12 /* bytes of HMAC-SHA256 kept: enough against forgery of a position */
#define CURSOR_RAW (1 + 8 + CURSOR_MAC)

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void mac(const unsigned char *msg, size_t len, unsigned char *out)
{
    unsigned char full[EVP_MAX_MD_SIZE];
    unsigned int flen = 0;
    HMAC(EVP_sha256(), g_config.jwt_secret, (int)g_config.jwt_secret_len, msg, len, full, &flen);
    memcpy(out, full, CURSOR_MAC);
}

/* The format byte says the kind of position. */
static char *cursor_of(struct arena *a, enum page_kind kind, long long position)
{
    unsigned char raw[CURSOR_RAW];
    raw[0] = (unsigned char)kind;
    for (int i = 0; i < 8; i++)
        raw[1 + i] = (unsigned char)((uint64_t)position >> (56 - 8 * i));
    mac(raw, 9, raw + 9);
    char *out = arena_alloc(a, CURSOR_RAW * 4 / 3 + 4);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < CURSOR_RAW; i += 3) { /* 21 bytes: whole groups of 3 */
        uint32_t v = (uint32_t)raw[i] << 16 | (uint32_t)raw[i + 1] << 8 | raw[i + 2];
        for (int k = 3; k >= 0; k--)
            out[o++] = b64url[(v >> (6 * k)) & 63];
    }
    out[o] = '\0';
    return out;
}

char *page_cursor(struct arena *a, long long position)
{
    return cursor_of(a, PAGE_KEYSET, position);
}

static int cut(struct arena *a, int *n, int limit, enum page_kind kind, long long position,
               const char **next, struct app_err *err)
{
    if (next)
        *next = NULL;
    if (*n <= limit)
        return 0;
    *n = limit;
    if (next && !(*next = cursor_of(a, kind, position)))
        return err_unavailable(err, "out of memory");
    return 0;
}

int page_cut(struct arena *a, int *n, int limit, long long last_kept, const char **next,
             struct app_err *err)
{
    return cut(a, n, limit, PAGE_KEYSET, last_kept, next, err);
}

int page_cut_offset(struct arena *a, int *n, int limit, long long offset, const char **next,
                    struct app_err *err)
{
    return cut(a, n, limit, PAGE_OFFSET, offset + limit, next, err);
}

static int decode(const char *cursor, enum page_kind kind, long long *position)
{
    if (!cursor || strlen(cursor) != CURSOR_RAW / 3 * 4)
        return -1;
    unsigned char raw[CURSOR_RAW];
    for (size_t i = 0, o = 0; i < strlen(cursor); i += 4) {
        uint32_t v = 0;
        for (int k = 0; k < 4; k++) {
            const char *p = memchr(b64url, cursor[i + (size_t)k], 64);
            if (!p || !cursor[i + (size_t)k])
                return -1;
            v = v << 6 | (uint32_t)(p - b64url);
        }
        raw[o++] = (unsigned char)(v >> 16);
        raw[o++] = (unsigned char)(v >> 8);
        raw[o++] = (unsigned char)v;
    }
    unsigned char want[CURSOR_MAC];
    mac(raw, 9, want);
    if (raw[0] != (unsigned char)kind || CRYPTO_memcmp(want, raw + 9, CURSOR_MAC) != 0)
        return -1;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | raw[1 + i];
    if ((long long)v < 0)
        return -1;
    *position = (long long)v;
    return 0;
}

int page_cursor_decode(const char *cursor, long long *position)
{
    return decode(cursor, PAGE_KEYSET, position);
}

int page_from_query(const struct kv *query, size_t nquery, struct page *p, struct app_err *err)
{
    return page_from_query_kind(query, nquery, PAGE_KEYSET, p, err);
}

int page_from_query_kind(const struct kv *query, size_t nquery, enum page_kind kind, struct page *p,
                         struct app_err *err)
{
    p->limit = PAGE_DEFAULT;
    p->after = 0;
    p->kind = PAGE_KEYSET;
    const char *limit = kv_get(query, nquery, "limit");
    long long v;
    if (limit && *limit) {
        if (num_parse_ll(limit, 1, PAGE_MAX, &v))
            return err_set(err, ERR_BAD_REQUEST, "query parameter limit must be 1..%d", PAGE_MAX);
        p->limit = (int)v;
    }
    const char *cursor = kv_get(query, nquery, "cursor");
    if (cursor && *cursor) {
        if (kind == PAGE_EITHER && decode(cursor, PAGE_KEYSET, &p->after) == 0)
            return 0;
        p->kind = kind == PAGE_EITHER ? PAGE_OFFSET : kind;
        if (decode(cursor, p->kind, &p->after))
            return err_set(err, ERR_BAD_REQUEST, "query parameter cursor is not valid");
    }
    return 0;
}
