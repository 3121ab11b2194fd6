/* mail_parse: GMime does the MIME (structure, transfer encodings, charsets, RFC 2047
 * headers); this file picks the parts and bounds and cleans what it gives. */
#include "mailin/mail_parse.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>

#include "core/utf8.h"
#include "mailin/html_text.h"
#include "mailin/mail_auto.h"
#include "mailin/mail_cut.h"
#include "mailin/mail_ref.h"

#define MAIL_KEY_MAX 900
#define MAIL_DEPTH_MAX 32

static void init_once(void)
{
    static bool done;
    if (!done) {
        g_mime_init();
        done = true;
    }
}

/* The byte length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
static size_t seq_len(unsigned char c)
{
    return c < 0x80                 ? 1
           : c >= 0xC2 && c <= 0xDF ? 2
           : c >= 0xE0 && c <= 0xEF ? 3
           : c >= 0xF0 && c <= 0xF4 ? 4
                                    : 0;
}

/* s[0..len) as well-formed UTF-8 in the arena: an ill-formed byte becomes U+FFFD,
 * control characters go ("\n" is kept when lines, "\t" becomes a space; a line
 * end of "\r\n" or "\r" becomes "\n", or a space without lines). */
static char *clean(struct arena *a, const char *s, size_t len, bool lines, size_t *out_len)
{
    char *out = arena_alloc(a, len * 3 + 1); /* U+FFFD is 3 bytes for 1 */
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' || c == '\n') {
            i += c == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            out[o++] = lines ? '\n' : ' ';
            continue;
        }
        if (c == '\t') {
            out[o++] = ' ';
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            i++;
            continue;
        }
        size_t n = seq_len(c);
        if (n && i + n <= len && utf8_valid(s + i, n)) {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

/* s cut to max characters, then trimmed of blanks at both ends (in place). */
static char *trim_cut(char *s, size_t max_chars)
{
    while (*s == ' ' || *s == '\n')
        s++;
    size_t n = utf8_prefix(s, strlen(s), max_chars);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    s[n] = '\0';
    return s;
}

/* The first mailbox of a list (a group's first member too). */
static InternetAddressMailbox *first_mailbox(InternetAddressList *l, int depth)
{
    int n = l ? internet_address_list_length(l) : 0;
    for (int i = 0; i < n && depth < 4; i++) {
        InternetAddress *ia = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia))
            return INTERNET_ADDRESS_MAILBOX(ia);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            InternetAddressMailbox *m = first_mailbox(
                internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), depth + 1);
            if (m)
                return m;
        }
    }
    return NULL;
}

/* An address at all: text with an '@', valid UTF-8, <= 254 bytes (whether it is
 * shaped like an account's address is the account rule's to say). */
static bool address_ok(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && n <= 254 && strchr(s, '@') && utf8_valid(s, n);
}

/* The first text/plain and text/html parts that are not attachments, depth first.
 * Attached messages (message/rfc822: a forward, a bounce's copy) are not read. */
static void find_text(GMimeObject *o, GMimeObject **plain, GMimeObject **html, int depth)
{
    if (!o || depth > MAIL_DEPTH_MAX || *plain)
        return;
    if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && !*plain; i++)
            find_text(g_mime_multipart_get_part(mp, i), plain, html, depth + 1);
        return;
    }
    if (!GMIME_IS_TEXT_PART(o))
        return;
    GMimeContentDisposition *d = g_mime_object_get_content_disposition(o);
    if (d && g_mime_content_disposition_is_attachment(d))
        return;
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    if (g_mime_content_type_is_type(ct, "text", "plain"))
        *plain = o;
    else if (g_mime_content_type_is_type(ct, "text", "html") && !*html)
        *html = o;
}

/* The body as readable, cut, bounded UTF-8. */
static const char *body_text(struct arena *a, GMimeMessage *msg, const struct mail_limits *lim)
{
    GMimeObject *plain = NULL, *html = NULL;
    find_text(g_mime_message_get_mime_part(msg), &plain, &html, 0);
    GMimeObject *part = plain ? plain : html;
    char *raw = part ? g_mime_text_part_get_text(GMIME_TEXT_PART(part)) : NULL;
    /* A multipart whose boundary never comes holds everything in its prologue:
     * better the raw text for agents than nothing. */
    GMimeObject *top = g_mime_message_get_mime_part(msg);
    if (!raw && top && GMIME_IS_MULTIPART(top) &&
        g_mime_multipart_get_prologue(GMIME_MULTIPART(top)))
        raw = g_strdup(g_mime_multipart_get_prologue(GMIME_MULTIPART(top)));
    size_t rawlen = raw ? strlen(raw) : 0;
    if (rawlen > MAIL_TEXT_MAX)
        rawlen = MAIL_TEXT_MAX;
    char *text = NULL;
    size_t len = 0;
    if (raw && !plain) {
        char *t = html_text(raw, rawlen, &len);
        if (t) {
            text = clean(a, t, len, true, &len);
            free(t);
        }
    } else if (raw) {
        text = clean(a, raw, rawlen, true, &len);
    } else {
        text = arena_strdup(a, "");
    }
    bool raw_seen = raw != NULL;
    g_free(raw);
    if (!text)
        return NULL;
    char *whole = arena_strndup(a, text, len);
    if (!whole)
        return NULL;
    size_t cut = mail_cut_reply(text, len);
    text[cut] = '\0';
    char *body = trim_cut(text, lim->body_chars);
    if (!*body) /* nothing new: the whole text, quotes and all */
        body = trim_cut(whole, lim->body_chars);
    if (!*body)
        body = arena_strdup(a, raw_seen ? "(an empty message)" : "(a message without text)");
    return body;
}

/* A Message-ID we can key on: printable ASCII without blanks, <= MAIL_KEY_MAX. */
static bool key_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > MAIL_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] <= ' ' || (unsigned char)id[i] >= 0x7F)
            return false;
    return true;
}

static const char *header(GMimeMessage *msg, const char *name)
{
    return g_mime_object_get_header(GMIME_OBJECT(msg), name);
}

/* Everything but parsing and freeing the message. */
static int fill(struct arena *a, GMimeMessage *msg, const char *data, size_t len,
                const struct mail_limits *lim, struct mail_msg *m, char *why, size_t whylen)
{
    InternetAddressMailbox *from = first_mailbox(g_mime_message_get_from(msg), 0);
    if (!from)
        from = first_mailbox(g_mime_message_get_sender(msg), 0);
    const char *addr = from ? internet_address_mailbox_get_addr(from) : NULL;
    if (!addr || !address_ok(addr)) {
        snprintf(why, whylen, "the message has no usable From address");
        return MAIL_EDATA;
    }
    char *lower = arena_strdup(a, addr);
    if (!lower)
        return MAIL_ENOMEM;
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    m->from_addr = lower;

    const char *name = internet_address_get_name(INTERNET_ADDRESS(from));
    char *n = name ? clean(a, name, strlen(name), false, NULL) : NULL;
    if (name && !n)
        return MAIL_ENOMEM;
    n = n ? trim_cut(n, lim->name_chars) : NULL;
    if (!n || !*n) { /* the local part */
        n = arena_strndup(a, lower, (size_t)(strchr(lower, '@') - lower));
        if (!n)
            return MAIL_ENOMEM;
        n = trim_cut(n, lim->name_chars);
    }
    m->from_name = n;

    const char *subject = g_mime_message_get_subject(msg);
    char *s = subject ? clean(a, subject, strlen(subject), false, NULL) : NULL;
    if (subject && !s)
        return MAIL_ENOMEM;
    s = s ? trim_cut(s, lim->subject_chars) : NULL;
    m->subject = s && *s ? s : "(no subject)";

    const char *id = g_mime_message_get_message_id(msg);
    if (key_ok(id)) {
        m->key = arena_strdup(a, id);
    } else {
        gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
        m->key = sum ? arena_printf(a, "sha256:%s", sum) : NULL;
        g_free(sum);
    }
    if (!m->key)
        return MAIL_ENOMEM;

    m->ref_ticket = mail_ref_ticket(subject, header(msg, "In-Reply-To"), header(msg, "References"));
    GMimeObject *top = g_mime_message_get_mime_part(msg);
    struct mail_auto_headers h = {
        .from_addr = lower,
        .return_path = header(msg, "Return-Path"),
        .auto_submitted = header(msg, "Auto-Submitted"),
        .precedence = header(msg, "Precedence"),
        .list_id = header(msg, "List-Id"),
        .list_unsubscribe = header(msg, "List-Unsubscribe"),
        .x_autoreply = header(msg, "X-Autoreply"),
        .x_autorespond = header(msg, "X-Autorespond"),
        .report = top && g_mime_content_type_is_type(g_mime_object_get_content_type(top),
                                                     "multipart", "report"),
    };
    mail_automatic(&h, m->automatic, sizeof m->automatic);

    m->body = body_text(a, msg, lim);
    return m->body ? MAIL_OK : MAIL_ENOMEM;
}

int mail_parse(struct arena *a, const char *data, size_t len, const struct mail_limits *lim,
               struct mail_msg *m, char *why, size_t whylen)
{
    memset(m, 0, sizeof *m);
    why[0] = '\0';
    init_once();
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = stream ? g_mime_parser_new_with_stream(stream) : NULL;
    GMimeMessage *msg = parser ? g_mime_parser_construct_message(parser, NULL) : NULL;
    if (parser)
        g_object_unref(parser);
    if (stream)
        g_object_unref(stream);
    if (!msg) {
        snprintf(why, whylen, "not a mail message");
        return MAIL_EDATA;
    }
    int rc = fill(a, msg, data, len, lim, m, why, whylen);
    g_object_unref(msg);
    return rc;
}
