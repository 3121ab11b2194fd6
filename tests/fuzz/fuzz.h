/* fuzz: what every fuzz target shares — the fixed key, invariant checks, input copies. */
#ifndef DESKPILOT_TESTS_FUZZ_H
#define DESKPILOT_TESTS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

/* The fixed 32-byte key of every keyed target (JWT, cursor, CSRF). The seeds in
 * corpus/{token,cursor,csrf} were made with it, so they reach the code past
 * the signature check. */
#define FUZZ_KEY "0123456789abcdef0123456789abcdef"
#define FUZZ_KEY_LEN 32
/* "Now" for the JWT target: the token seeds are valid at this instant. */
#define FUZZ_NOW 1700000000LL

/* A broken invariant is a finding: abort so libFuzzer (or the replay) reports it. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Put the fuzz key into g_config (page_cursor_decode and web_check_csrf read it). */
static inline void fuzz_config_key(void)
{
    memcpy(g_config.jwt_secret, FUZZ_KEY, FUZZ_KEY_LEN);
    g_config.jwt_secret_len = FUZZ_KEY_LEN;
    g_config.max_body = 1 << 20;
}

/* A NUL-terminated heap copy of data[0..size) (the parsers that take C strings
 * stop at an embedded NUL, which is what a C string from FastCGI does too). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The next '\n'-terminated line of data[*pos..size) as a new C string (NUL
 * bytes kept as they are, so the string may end early); "" at the end. */
static inline char *fuzz_line(const uint8_t *data, size_t size, size_t *pos)
{
    size_t start = *pos, end = start;
    while (end < size && data[end] != '\n')
        end++;
    *pos = end < size ? end + 1 : end;
    return fuzz_cstr(data + start, end - start);
}

#endif
