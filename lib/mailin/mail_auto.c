/* mail_auto: the header rules of RFC 3834 and the common practice around it. */
#include "mailin/mail_auto.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* v's first word (up to ';', a blank or the end), trimmed, into out (lower case,
 * printable ASCII only, at most size - 1 bytes). */
static void first_word(const char *v, char *out, size_t size)
{
    size_t n = 0;
    while (*v == ' ' || *v == '\t')
        v++;
    for (; *v && *v != ';' && *v != ' ' && *v != '\t' && *v != '\r' && *v != '\n' && n + 1 < size;
         v++)
        out[n++] = (*v > ' ' && *v < 0x7f) ? (char)tolower((unsigned char)*v) : '?';
    out[n] = '\0';
}

static bool null_path(const char *rp)
{
    if (!rp)
        return false;
    while (*rp == ' ' || *rp == '\t')
        rp++;
    /* "<>" possibly with blanks inside; an empty header is a null path too. */
    if (*rp == '<') {
        rp++;
        while (*rp == ' ')
            rp++;
        return *rp == '>';
    }
    return *rp == '\0';
}

static bool mailer_daemon(const char *addr)
{
    static const char md[] = "mailer-daemon@";
    return addr && strncasecmp(addr, md, sizeof md - 1) == 0;
}

static bool present(const char *v)
{
    return v != NULL;
}

bool mail_automatic(const struct mail_auto_headers *h, char *why, size_t size)
{
    char w[32];
    why[0] = '\0';
    if (null_path(h->return_path))
        snprintf(why, size, "bounce (null return path)");
    else if (mailer_daemon(h->from_addr))
        snprintf(why, size, "bounce (from MAILER-DAEMON)");
    else if (h->report)
        snprintf(why, size, "delivery report (multipart/report)");
    else if (h->auto_submitted && (first_word(h->auto_submitted, w, sizeof w), strcmp(w, "no")))
        snprintf(why, size, "Auto-Submitted: %s", *w ? w : "?");
    else if (h->precedence && (first_word(h->precedence, w, sizeof w),
                               !strcmp(w, "bulk") || !strcmp(w, "junk") || !strcmp(w, "list")))
        snprintf(why, size, "Precedence: %s", w);
    else if (present(h->list_id) || present(h->list_unsubscribe))
        snprintf(why, size, "mailing list (%s)", h->list_id ? "List-Id" : "List-Unsubscribe");
    else if (present(h->x_autoreply) || present(h->x_autorespond))
        snprintf(why, size, "auto-reply (%s)", h->x_autoreply ? "X-Autoreply" : "X-Autorespond");
    return why[0] != '\0';
}
