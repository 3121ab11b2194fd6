/* arena: request-scoped memory and deferred cleanups, reset after every request. */
#ifndef DESKPILOT_CORE_ARENA_H
#define DESKPILOT_CORE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_defer;

struct arena {
    struct arena_block *head;   /* newest block first */
    struct arena_defer *defers; /* run newest first on reset */
    size_t total;               /* bytes handed out since the last reset */
    size_t limit;               /* 0 = unlimited; past it allocations fail */
};

/* Ready an empty arena in caller storage. limit bounds what one request may take. */
void arena_init(struct arena *a, size_t limit);
/* Run the deferred cleanups (newest first) and release every block but the first. */
void arena_reset(struct arena *a);
/* Reset and release everything. */
void arena_cleanup(struct arena *a);
/* n bytes aligned for any type, or NULL when memory (or the limit) ran out.
 * Borrowed until the next reset. */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, zero-filled. */
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* Copies of a string / n bytes (NUL-terminated); NULL when out of memory. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Register fn(ctx) to run at the next reset. Returns 0, or -1 when out of memory,
 * in which case fn(ctx) has already been run so nothing leaks. */
int arena_defer(struct arena *a, void (*fn)(void *), void *ctx);

#endif
