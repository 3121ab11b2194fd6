/* arena: bump allocator with deferred cleanups for one request's lifetime. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct arena_defer {
    struct arena_defer *next;
    void (*fn)(void *);
    void *ctx;
};

void arena_init(struct arena *a, size_t limit)
{
    memset(a, 0, sizeof *a);
    a->limit = limit;
}

void arena_reset(struct arena *a)
{
    /* Defer records live in the arena itself, so run them before freeing blocks. */
    for (struct arena_defer *d = a->defers; d; d = d->next)
        d->fn(d->ctx);
    a->defers = NULL;
    struct arena_block *keep = NULL;
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!next && b->size == ARENA_BLOCK) {
            keep = b; /* the oldest standard block is reused: most requests fit in it */
            b->used = 0;
            b->next = NULL;
        } else {
            free(b);
        }
    }
    a->head = keep;
    a->total = 0;
}

void arena_cleanup(struct arena *a)
{
    arena_reset(a);
    free(a->head);
    a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2)
        return NULL;
    size_t rounded = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (a->limit && a->total + rounded > a->limit)
        return NULL;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < rounded) {
        size_t size = rounded > ARENA_BLOCK ? rounded : ARENA_BLOCK;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        /* A big one-off block goes behind the current one so the current keeps filling. */
        if (size > ARENA_BLOCK && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->total += rounded;
    return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *ctx)
{
    struct arena_defer *d = arena_alloc(a, sizeof *d);
    if (!d) {
        fn(ctx);
        return -1;
    }
    d->fn = fn;
    d->ctx = ctx;
    d->next = a->defers;
    a->defers = d;
    return 0;
}
