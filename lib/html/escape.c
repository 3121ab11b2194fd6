/* escape: HTML text, attribute and URL-argument escapers with UTF-8 repair. */
#include "html/escape.h"

#include <stdbool.h>

/* What one context does with a byte that cannot stay as it is. `tmp` is
 * scratch space for computed replacements; NULL means "copy the byte". */
typedef const char *(*escape_rule)(unsigned char c, char tmp[4]);

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is invalid;
 * then *bad is the length of the maximal invalid subpart (Unicode 3.9, D93b),
 * so the caller replaces exactly that many bytes with one U+FFFD. */
static size_t utf8_seq_len(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;

    *bad = 1;
    if (c < 0x80)
        return c == 0 ? 0 : 1; /* NUL is replaced too: browsers mangle it */
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0; /* overlong */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong */
    else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    for (size_t i = 1; i < need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

/* Append one multi-byte sequence: as is, or byte by byte through the rule
 * (the URL context percent-encodes every non-ASCII byte). */
static void put_multibyte(struct buf *out, const char *p, size_t len, escape_rule rule)
{
    char tmp[4];

    for (size_t i = 0; i < len; i++) {
        const char *r = rule((unsigned char)p[i], tmp);
        if (r)
            buf_puts(out, r);
        else
            buf_append(out, p + i, 1);
    }
}

/* The shared loop: copies runs of bytes the rule leaves alone in one append,
 * substitutes the rest and repairs invalid UTF-8. */
static int escape_run(struct buf *out, const char *s, size_t n, escape_rule rule)
{
    if (n == 0) /* s may be NULL then; even NULL + 0 is undefined */
        return out->failed ? -1 : 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    char tmp[4];

    while (i < n) {
        size_t bad, len = utf8_seq_len(u + i, n - i, &bad);
        const char *r = NULL;
        if (len == 1)
            r = rule(u[i], tmp);
        if (len == 1 && !r) {
            i++;
            continue;
        }
        buf_append(out, s + run, i - run);
        if (len == 0)
            put_multibyte(out, replacement_char, 3, rule);
        else if (len == 1)
            buf_puts(out, r);
        else
            put_multibyte(out, s + i, len, rule);
        i += len ? len : bad;
        run = i;
    }
    buf_append(out, s + run, i - run);
    return out->failed ? -1 : 0;
}

/* Text context: the five characters that can open markup or end a quote. */
static const char *rule_txt(unsigned char c, char tmp[4])
{
    (void)tmp;
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

/* Attribute context: text rules plus the legacy backtick quote and line breaks. */
static const char *rule_attr(unsigned char c, char tmp[4])
{
    switch (c) {
    case '`':
        return "&#96;";
    case '\t':
        return "&#9;";
    case '\n':
        return "&#10;";
    case '\r':
        return "&#13;";
    default:
        return rule_txt(c, tmp);
    }
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* URL-argument context: percent-encode everything but the unreserved set. */
static const char *rule_url(unsigned char c, char tmp[4])
{
    static const char hex[] = "0123456789ABCDEF";

    if (is_unreserved(c))
        return NULL;
    tmp[0] = '%';
    tmp[1] = hex[c >> 4];
    tmp[2] = hex[c & 15];
    tmp[3] = '\0';
    return tmp;
}

int html_txt(struct buf *out, const char *s, size_t n)
{
    return escape_run(out, s, n, rule_txt);
}

int html_attr(struct buf *out, const char *s, size_t n)
{
    return escape_run(out, s, n, rule_attr);
}

int html_url_arg(struct buf *out, const char *s, size_t n)
{
    return escape_run(out, s, n, rule_url);
}
