/* buf: a growable byte buffer on the heap, always NUL-terminated. */
#ifndef DESKPILOT_CORE_BUF_H
#define DESKPILOT_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated while len < cap; NULL until the first append */
    size_t len;
    size_t cap;
    int failed; /* sticky: set once an allocation failed; later appends do nothing */
};

/* Ready an empty buffer in caller storage. Never fails. */
void buf_init(struct buf *b);
/* Free the storage; the buffer is empty and usable again. Harmless on an empty buffer. */
void buf_cleanup(struct buf *b);
/* Drop the contents but keep the storage. */
void buf_reset(struct buf *b);
/* Append n bytes / a C string / one byte / printf output. Return 0, or -1 when
 * memory ran out (the failure is also sticky in b->failed). */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Take the contents as a malloc'd string (caller frees); the buffer is left empty.
 * Returns NULL if memory ran out at any point. */
char *buf_steal(struct buf *b);
/* The contents as a C string ("" when empty); borrowed until the next change. */
const char *buf_str(const struct buf *b);

#endif
