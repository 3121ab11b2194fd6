/* web_html: URL building with escaping at the point of output. */
#include "web/web_html.h"

#include <stdarg.h>
#include <string.h>

#include "core/buf.h"
#include "html/escape.h"

char *web_url(struct arena *a, const char *path, ...)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, path);
    va_list ap;
    va_start(ap, path);
    char sep = '?';
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *v = va_arg(ap, const char *);
        if (!v || !*v)
            continue;
        buf_putc(&b, sep);
        html_url_arg(&b, k, strlen(k));
        buf_putc(&b, '=');
        html_url_arg(&b, v, strlen(v));
        sep = '&';
    }
    va_end(ap);
    char *out = b.failed ? NULL : arena_strndup(a, buf_str(&b), b.len);
    buf_cleanup(&b);
    return out;
}
