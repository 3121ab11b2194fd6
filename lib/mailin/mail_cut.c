/* mail_cut: line rules over the reply text, in place. */
#include "mailin/mail_cut.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

struct line {
    const char *s;
    size_t n; /* without the "\n" */
};

/* The line starting at text[pos] (pos < len). */
static struct line line_at(const char *text, size_t len, size_t pos)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    return (struct line){text + pos, nl ? (size_t)(nl - (text + pos)) : len - pos};
}

/* l without leading and trailing blanks (and a trailing "\r"). */
static struct line trimmed(struct line l)
{
    while (l.n && (l.s[0] == ' ' || l.s[0] == '\t'))
        l.s++, l.n--;
    while (l.n && (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t' || l.s[l.n - 1] == '\r'))
        l.n--;
    return l;
}

static bool starts(struct line l, const char *p)
{
    size_t n = strlen(p);
    return l.n >= n && strncasecmp(l.s, p, n) == 0;
}

static bool ends(struct line l, const char *p)
{
    size_t n = strlen(p);
    return l.n >= n && strncasecmp(l.s + l.n - n, p, n) == 0;
}

static bool blank(struct line l)
{
    return trimmed(l).n == 0;
}

static bool quoted(struct line l)
{
    return l.n > 0 && l.s[0] == '>';
}

/* "-- " and "--": the signature separator of RFC 3676 (many clients drop the blank). */
static bool signature(struct line l)
{
    while (l.n && l.s[l.n - 1] == '\r')
        l.n--;
    return (l.n == 3 && memcmp(l.s, "-- ", 3) == 0) || (l.n == 2 && memcmp(l.s, "--", 2) == 0);
}

static bool original_message(struct line l)
{
    static const char *const names[] = {"Original Message", "Ursprüngliche Nachricht",
                                        "Forwarded message", "Message d'origine", NULL};
    l = trimmed(l);
    if (l.n < 20 || l.s[0] != '-')
        return false;
    while (l.n && l.s[0] == '-')
        l.s++, l.n--;
    while (l.n && l.s[l.n - 1] == '-')
        l.n--;
    l = trimmed(l);
    for (const char *const *p = names; *p; p++)
        if (l.n == strlen(*p) && strncasecmp(l.s, *p, l.n) == 0)
            return true;
    return false;
}

/* Outlook's rule above its header block: a line of 20 or more underscores. */
static bool underscores(struct line l)
{
    l = trimmed(l);
    if (l.n < 20)
        return false;
    for (size_t i = 0; i < l.n; i++)
        if (l.s[i] != '_')
            return false;
    return true;
}

/* "From: ..." with "Sent:"/"Date:" in the next four lines, then "To:"/"Subject:". */
static bool outlook_header(const char *text, size_t len, size_t pos)
{
    struct line l = trimmed(line_at(text, len, pos));
    if (!starts(l, "From:") && !starts(l, "Von:"))
        return false;
    bool sent = false;
    pos += line_at(text, len, pos).n + 1;
    for (int k = 0; k < 5 && pos < len; k++) {
        struct line raw = line_at(text, len, pos);
        l = trimmed(raw);
        if (starts(l, "Sent:") || starts(l, "Date:") || starts(l, "Gesendet:"))
            sent = true;
        else if (sent && (starts(l, "To:") || starts(l, "Subject:") || starts(l, "An:") ||
                          starts(l, "Betreff:") || starts(l, "Cc:")))
            return true;
        pos += raw.n + 1;
    }
    return false;
}

/* How an attribution ends: "wrote:", or German "schrieb ...:" (the name comes
 * after the verb there), French "a écrit :". */
static bool attribution_end(struct line l)
{
    if (ends(l, "wrote:") || ends(l, "a écrit :") || ends(l, "a écrit:"))
        return true;
    if (!ends(l, ":"))
        return false;
    for (size_t i = 0; i + 8 <= l.n; i++)
        if ((i + 9 <= l.n && strncasecmp(l.s + i, " schrieb ", 9) == 0) ||
            strncasecmp(l.s + i, "schrieb:", 8) == 0)
            return true;
    return false;
}

/* An attribution: "On ... wrote:" on one line or wrapped over two (at pos, pos+1). */
static int attribution(const char *text, size_t len, size_t pos)
{
    struct line l = trimmed(line_at(text, len, pos));
    bool on = starts(l, "On ") || starts(l, "Am ") || starts(l, "Le ");
    if (!on)
        return 0;
    if (attribution_end(l))
        return 1;
    size_t next = pos + line_at(text, len, pos).n + 1;
    if (next >= len)
        return 0;
    return attribution_end(trimmed(line_at(text, len, next))) ? 2 : 0;
}

size_t mail_cut_reply(char *text, size_t len)
{
    size_t in = 0, out = 0;
    bool blank_pending = false;
    while (in < len) {
        struct line l = line_at(text, len, in);
        size_t next = in + l.n + 1;
        if (signature(l) || original_message(l) || underscores(l) || outlook_header(text, len, in))
            break;
        int attr = attribution(text, len, in);
        if (attr) { /* drop the attribution; the quote lines after it go below */
            if (attr == 2 && next < len)
                next += line_at(text, len, next).n + 1;
            in = next;
            continue;
        }
        in = next;
        if (quoted(l))
            continue;
        if (blank(l)) {
            blank_pending = out > 0;
            continue;
        }
        /* Each kept line moves down to out, never past where it was: its separator
         * takes the place of the line end before it, a blank line that of a blank. */
        if (out > 0)
            text[out++] = '\n';
        if (blank_pending)
            text[out++] = '\n';
        blank_pending = false;
        while (l.n && (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t' || l.s[l.n - 1] == '\r'))
            l.n--;
        memmove(text + out, l.s, l.n);
        out += l.n;
    }
    if (out < len)
        text[out] = '\0';
    return out;
}
