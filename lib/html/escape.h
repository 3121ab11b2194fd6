/* escape: HTML output escapers, one per output context, appending to a struct buf. */
#ifndef DESKPILOT_HTML_ESCAPE_H
#define DESKPILOT_HTML_ESCAPE_H

#include <stddef.h>

#include "core/buf.h"

/*
 * All three escapers share these rules:
 *  - They append to `out` (never reset it) and read `n` bytes of `s`, which
 *    need not be NUL-terminated and may contain NUL bytes. `s` is borrowed.
 *  - Input is treated as UTF-8. Each maximal invalid sequence (stray
 *    continuation byte, truncated sequence, overlong form, surrogate, code
 *    point above U+10FFFF) and every NUL byte is replaced by U+FFFD, so the
 *    output is always valid UTF-8 and no byte can leave its context.
 *  - Return 0, or -1 when memory ran out (then out->failed is set too, and
 *    out holds a partial result the caller should discard).
 *  - s may be NULL only when n is 0.
 */

/* Text content between tags: escapes & < > " ' as &amp; &lt; &gt; &quot; &#39;. */
int html_txt(struct buf *out, const char *s, size_t n);

/* A quoted attribute value (either quote style): the html_txt set plus the
 * backtick (&#96;) and, so a value cannot split a line, CR, LF and TAB as
 * numeric references. The caller writes the surrounding quotes. */
int html_attr(struct buf *out, const char *s, size_t n);

/* One query-string argument (name or value) of a URL: every byte except the
 * RFC 3986 unreserved set A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex),
 * space included (%20). The result is also safe inside a quoted attribute. */
int html_url_arg(struct buf *out, const char *s, size_t n);

#endif
