/* fuzz_request: percent-decoding, forms, cookies, the CGI parameters and the body reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The body arrives in chunks of `chunk` bytes (1..16), the way FastCGI may hand it over. */
struct fuzz_request_feed {
    const uint8_t *data;
    size_t len, pos;
    int chunk;
};

static int fuzz_request_read(void *ctx, char *buf, int n)
{
    struct fuzz_request_feed *f = ctx;
    FUZZ_CHECK(n > 0);
    size_t take = f->len - f->pos;
    if (take > (size_t)n)
        take = (size_t)n;
    if (take > (size_t)f->chunk)
        take = (size_t)f->chunk;
    if (take)
        memcpy(buf, f->data + f->pos, take);
    f->pos += take;
    return (int)take;
}

static void fuzz_request_pairs(const struct kv *kv, size_t n, size_t max)
{
    FUZZ_CHECK(n <= max);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(kv[i].key && kv[i].val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 1 << 22);
    struct app_err err;

    /* 1. The whole input through each piece on its own. */
    for (int plus = 0; plus < 2; plus++) {
        err_clear(&err);
        char *d = request_decode(&a, (const char *)data, size, plus, &err);
        if (d) {
            FUZZ_CHECK(!err_is_set(&err));
            FUZZ_CHECK(strlen(d) <= size); /* never longer, never a NUL inside */
        } else {
            FUZZ_CHECK(err_is_set(&err));
        }
    }
    char *s = fuzz_cstr(data, size);
    struct kv kv[REQ_MAX_QUERY];
    size_t n = 0;
    err_clear(&err);
    if (request_parse_form(&a, s, kv, REQ_MAX_QUERY, &n, &err) == 0)
        fuzz_request_pairs(kv, n, REQ_MAX_QUERY);
    else
        FUZZ_CHECK(err_is_set(&err));
    if (request_parse_cookies(&a, s, kv, REQ_MAX_COOKIES, &n) == 0)
        fuzz_request_pairs(kv, n, REQ_MAX_COOKIES);
    free(s);

    /* 2. As a request: lines are REQUEST_URI, QUERY_STRING, HTTP_COOKIE and
     * CONTENT_LENGTH, the rest is the body; the body's first byte sets the chunk size. */
    size_t pos = 0;
    char *uri = fuzz_line(data, size, &pos), *qs = fuzz_line(data, size, &pos);
    char *cookie = fuzz_line(data, size, &pos), *cl = fuzz_line(data, size, &pos);
    char *env[7];
    env[0] = "REQUEST_METHOD=POST";
    env[1] = arena_printf(&a, "REQUEST_URI=%s", uri);
    env[2] = arena_printf(&a, "QUERY_STRING=%s", qs);
    env[3] = arena_printf(&a, "HTTP_COOKIE=%s", cookie);
    env[4] = arena_printf(&a, "CONTENT_LENGTH=%s", cl);
    env[5] = "CONTENT_TYPE=application/json";
    env[6] = NULL;
    FUZZ_CHECK(env[1] && env[2] && env[3] && env[4]);
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = &a;
    req.envp = env;
    err_clear(&err);
    if (request_parse(&req, &err) == 0) {
        FUZZ_CHECK(req.path && req.path[0] == '/');
        fuzz_request_pairs(req.query, req.nquery, REQ_MAX_QUERY);
        fuzz_request_pairs(req.cookies, req.ncookies, REQ_MAX_COOKIES);
    } else {
        FUZZ_CHECK(err_is_set(&err));
    }
    struct fuzz_request_feed feed = {data + pos, size - pos, 0, 1};
    if (feed.len)
        feed.chunk = 1 + (data[pos] & 15);
    err_clear(&err);
    if (request_read_body(&req, 4096, fuzz_request_read, &feed, &err) == 0) {
        FUZZ_CHECK(req.body_len <= 4096);
        FUZZ_CHECK(req.body_len <= feed.len);
        if (req.body) {
            FUZZ_CHECK(req.body[req.body_len] == '\0');
            FUZZ_CHECK(memcmp(req.body, data + pos, req.body_len) == 0);
        }
    } else {
        FUZZ_CHECK(err_is_set(&err));
    }
    free(uri);
    free(qs);
    free(cookie);
    free(cl);
    arena_cleanup(&a);
    return 0;
}
