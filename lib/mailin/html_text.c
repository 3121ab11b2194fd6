/* html_text: a small state machine over tags, text and character references. */
#include "mailin/html_text.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

struct conv {
    struct buf out;
    int quote;   /* <blockquote> depth */
    int pre;     /* <pre> depth */
    bool space;  /* a collapsed white space is pending */
    int newline; /* line ends pending (at most 2: one blank line) */
};

/* At the start of a line (or of the text). */
static bool at_line_start(const struct conv *c)
{
    return c->out.len == 0 || c->out.data[c->out.len - 1] == '\n';
}

static void want_lines(struct conv *c, int n)
{
    if (c->out.len > 0 && c->newline < n)
        c->newline = n;
    c->space = false;
}

/* One more line end (a second makes a blank line; more are not kept). */
static void line_end(struct conv *c)
{
    if (c->out.len > 0 && c->newline < 2)
        c->newline++;
    c->space = false;
}

/* Emit pending line ends and the quote marks of a new line, then n bytes. */
static void emit(struct conv *c, const char *s, size_t n)
{
    if (c->newline) {
        /* Trailing blanks of the line that ends are dropped. */
        while (c->out.len > 0 && c->out.data[c->out.len - 1] == ' ')
            c->out.len--;
        for (int i = at_line_start(c) ? 1 : 0; i < c->newline; i++)
            buf_putc(&c->out, '\n');
        if (!at_line_start(c))
            buf_putc(&c->out, '\n');
        c->newline = 0;
        c->space = false;
    }
    if (at_line_start(c))
        for (int i = 0; i < c->quote; i++)
            buf_puts(&c->out, "> ");
    else if (c->space)
        buf_putc(&c->out, ' ');
    c->space = false;
    buf_append(&c->out, s, n);
}

static void put_utf8(struct conv *c, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp == 0xA0) { /* a no-break space is a space to a reader */
        c->space = true;
        return;
    }
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    emit(c, u, n);
}

static const struct {
    const char *name;
    unsigned long cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"hellip", 0x2026},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"euro", 0x20AC},  {"pound", 0xA3},
    {"yen", 0xA5},     {"cent", 0xA2},    {"sect", 0xA7},    {"deg", 0xB0},     {"middot", 0xB7},
    {"bull", 0x2022},  {"times", 0xD7},   {"divide", 0xF7},  {"auml", 0xE4},    {"ouml", 0xF6},
    {"uuml", 0xFC},    {"Auml", 0xC4},    {"Ouml", 0xD6},    {"Uuml", 0xDC},    {"szlig", 0xDF},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"ecirc", 0xEA},   {"aacute", 0xE1},  {"agrave", 0xE0},
    {"acirc", 0xE2},   {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"oacute", 0xF3},  {"iacute", 0xED},
    {"uacute", 0xFA},  {"Eacute", 0xC9},  {"aring", 0xE5},   {"oslash", 0xF8},  {"shy", 0xAD},
};

/* A character reference at s[0] == '&': its code point and length, or 0. */
static size_t entity(const char *s, size_t len, unsigned long *cp)
{
    size_t i = 1;
    if (i < len && s[i] == '#') {
        i++;
        bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
        i += hex;
        unsigned long v = 0;
        size_t digits = 0;
        for (; i < len && digits < 8 &&
               (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]));
             i++, digits++)
            v = v * (hex ? 16 : 10) +
                (unsigned long)(isdigit((unsigned char)s[i])
                                    ? s[i] - '0'
                                    : (tolower((unsigned char)s[i]) - 'a' + 10));
        if (!digits)
            return 0;
        *cp = v;
        return i < len && s[i] == ';' ? i + 1 : i;
    }
    size_t start = i;
    while (i < len && i - start < 8 && isalnum((unsigned char)s[i]))
        i++;
    if (i >= len || s[i] != ';' || i == start)
        return 0;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++)
        if (strlen(entities[k].name) == i - start &&
            memcmp(entities[k].name, s + start, i - start) == 0) {
            *cp = entities[k].cp;
            return i + 1;
        }
    return 0;
}

static bool name_is(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0)
            return true;
    return false;
}

/* Where the element whose content is dropped ends: past "</name ...>", or len. */
static size_t skip_to_close(const char *s, size_t len, size_t i, const char *name)
{
    size_t n = strlen(name);
    for (; i + 2 + n <= len; i++)
        if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, n) == 0 &&
            (i + 2 + n == len || !isalnum((unsigned char)s[i + 2 + n]))) {
            const char *gt = memchr(s + i, '>', len - i);
            return gt ? (size_t)(gt - s) + 1 : len;
        }
    return len;
}

/* The end of a tag starting at s[i] == '<' (past its '>', quotes respected). */
static size_t tag_end(const char *s, size_t len, size_t i)
{
    char q = 0;
    for (i++; i < len; i++) {
        if (q) {
            if (s[i] == q)
                q = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            q = s[i];
        } else if (s[i] == '>') {
            return i + 1;
        }
    }
    return len;
}

static void tag(struct conv *c, const char *name, bool closing)
{
    static const char *const para[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", NULL};
    static const char *const block[] = {
        "div",     "tr",      "ul",     "ol",     "dl",      "dt",     "dd",   "hr",
        "section", "article", "header", "footer", "address", "center", "form", NULL};
    if (strcasecmp(name, "br") == 0) {
        line_end(c);
    } else if (strcasecmp(name, "blockquote") == 0) {
        want_lines(c, 1);
        c->quote += closing ? (c->quote > 0 ? -1 : 0) : 1;
    } else if (strcasecmp(name, "pre") == 0) {
        want_lines(c, 1);
        c->pre += closing ? (c->pre > 0 ? -1 : 0) : 1;
    } else if (name_is(name, para)) {
        want_lines(c, 2);
    } else if (name_is(name, block)) {
        want_lines(c, 1);
    } else if (strcasecmp(name, "li") == 0) {
        want_lines(c, 1);
        if (!closing)
            emit(c, "- ", 2);
    } else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        c->space = !at_line_start(c) || c->newline == 0;
    }
}

char *html_text(const char *s, size_t len, size_t *out_len)
{
    struct conv c = {0};
    buf_init(&c.out);
    size_t i = 0;
    while (i < len && !c.out.failed) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '<' && i + 1 < len &&
            (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' ||
             s[i + 1] == '?')) {
            if (i + 3 < len && memcmp(s + i, "<!--", 4) == 0) {
                const char *end = NULL;
                for (size_t k = i + 4; k + 3 <= len && !end; k++)
                    if (memcmp(s + k, "-->", 3) == 0)
                        end = s + k;
                i = end ? (size_t)(end - s) + 3 : len;
                continue;
            }
            size_t end = tag_end(s, len, i);
            bool closing = s[i + 1] == '/';
            size_t n0 = i + 1 + closing, n = n0;
            while (n < end && n - n0 < 15 && isalnum((unsigned char)s[n]))
                n++;
            char name[16];
            memcpy(name, s + n0, n - n0);
            name[n - n0] = '\0';
            i = end;
            if (!closing && (strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0 ||
                             strcasecmp(name, "head") == 0 || strcasecmp(name, "title") == 0)) {
                /* A self-closed one (<script/>) has no content to drop. */
                if (end >= 2 && s[end - 2] != '/')
                    i = skip_to_close(s, len, end, name);
                continue;
            }
            tag(&c, name, closing);
            continue;
        }
        if (ch == '&') {
            unsigned long cp;
            size_t n = entity(s + i, len - i, &cp);
            if (n) {
                put_utf8(&c, cp);
                i += n;
                continue;
            }
        }
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
            if (c.pre && ch == '\n')
                line_end(&c);
            else if (c.pre && ch != '\r')
                emit(&c, " ", 1);
            else if (!at_line_start(&c) || c.newline)
                c.space = true;
            i++;
            continue;
        }
        if (ch < 0x20 || ch == 0x7F) { /* other control bytes are not text */
            i++;
            continue;
        }
        emit(&c, s + i, 1);
        i++;
    }
    /* No blanks or empty lines at the end. */
    while (c.out.len > 0 && (c.out.data[c.out.len - 1] == ' ' || c.out.data[c.out.len - 1] == '\n'))
        c.out.len--;
    buf_putc(&c.out, '\0');
    if (c.out.failed) {
        buf_cleanup(&c.out);
        return NULL;
    }
    *out_len = c.out.len - 1;
    return buf_steal(&c.out);
}
