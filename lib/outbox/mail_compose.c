/* mail_compose: MIME through GMime; the HTML part escapes every value with lib/html. */
#include "outbox/mail_compose.h"

#include <gmime/gmime.h>
#include <string.h>

#include "html/escape.h"

/* A header value on one line: control characters (a CR or LF would start a header
 * of the sender's choosing) become spaces. */
static char *one_line(const char *s)
{
    char *c = g_strdup(s ? s : "");
    for (char *p = c; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return c;
}

/* The text as HTML paragraphs: blank lines part them, single newlines are <br>. */
static void html_paragraphs(struct buf *h, const char *text)
{
    buf_puts(h, "<p>");
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\r\n");
        html_txt(h, p, n);
        p += n;
        if (!*p)
            break;
        int breaks = 0;
        while (*p == '\r' || *p == '\n')
            breaks += *p++ == '\n';
        if (*p)
            buf_puts(h, breaks > 1 ? "</p>\n<p>" : "<br>\n");
    }
    buf_puts(h, "</p>\n");
}

static void html_link(struct buf *h, const char *url, const char *label)
{
    buf_puts(h, "<a href=\"");
    html_attr(h, url, strlen(url));
    buf_puts(h, "\">");
    html_txt(h, label, strlen(label));
    buf_puts(h, "</a>");
}

/* The two bodies: the text, then the question with its links. */
static int bodies(const struct mail_parts *m, struct buf *text, struct buf *html)
{
    buf_puts(text, m->text);
    buf_puts(html, "<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n");
    html_paragraphs(html, m->text);
    if (m->question) {
        buf_printf(text, "\n\n%s\n%s: %s\n%s: %s\n", m->question, m->yes_label, m->yes_url,
                   m->no_label, m->no_url);
        buf_puts(html, "<p>");
        html_txt(html, m->question, strlen(m->question));
        buf_puts(html, " ");
        html_link(html, m->yes_url, m->yes_label);
        buf_puts(html, " / ");
        html_link(html, m->no_url, m->no_label);
        buf_puts(html, "</p>\n");
    } else {
        buf_puts(text, "\n");
    }
    buf_puts(html, "</body></html>\n");
    return text->failed || html->failed ? -1 : 0;
}

static GMimeTextPart *text_part(const char *subtype, const char *content)
{
    GMimeTextPart *p = g_mime_text_part_new_with_subtype(subtype);
    g_mime_text_part_set_text(p, content); /* picks us-ascii or utf-8 */
    return p;
}

static void header(GMimeMessage *msg, const char *name, const char *value)
{
    if (value && *value) {
        char *v = one_line(value);
        g_mime_object_set_header(GMIME_OBJECT(msg), name, v, NULL);
        g_free(v);
    }
}

int mail_compose(const struct mail_parts *m, struct buf *out, struct app_err *err)
{
    static bool ready;
    if (!ready) {
        g_mime_init();
        ready = true;
    }
    struct buf text, html;
    buf_init(&text);
    buf_init(&html);
    if (bodies(m, &text, &html)) {
        buf_cleanup(&text);
        buf_cleanup(&html);
        return err_unavailable(err, "out of memory");
    }
    GMimeMessage *msg = g_mime_message_new(TRUE);
    char *from_name = one_line(m->from_name), *to_name = one_line(m->to_name);
    char *from_addr = one_line(m->from_addr), *to_addr = one_line(m->to_addr);
    char *subject = one_line(m->subject);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, from_name, from_addr);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, to_name, to_addr);
    g_mime_message_set_subject(msg, subject, "utf-8");
    g_free(from_name);
    g_free(to_name);
    g_free(from_addr);
    g_free(to_addr);
    g_free(subject);
    GDateTime *now = g_date_time_new_now_utc();
    g_mime_message_set_date(msg, now);
    g_date_time_unref(now);
    /* GMime writes the Message-ID with its angle brackets itself. */
    char *id = one_line(m->message_id);
    size_t idlen = strlen(id);
    if (idlen > 2 && id[0] == '<' && id[idlen - 1] == '>') {
        id[idlen - 1] = '\0';
        g_mime_message_set_message_id(msg, id + 1);
    }
    g_free(id);
    header(msg, "In-Reply-To", m->in_reply_to);
    header(msg, "References", m->references);
    header(msg, "Auto-Submitted", m->auto_submitted);

    GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
    GMimeTextPart *plain = text_part("plain", buf_str(&text));
    GMimeTextPart *rich = text_part("html", buf_str(&html));
    buf_cleanup(&text);
    buf_cleanup(&html);
    g_mime_multipart_add(alt, GMIME_OBJECT(plain));
    g_mime_multipart_add(alt, GMIME_OBJECT(rich));
    g_object_unref(plain);
    g_object_unref(rich);
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
    g_object_unref(alt);
    /* Every part 7-bit clean: quoted-printable or base64, whichever is shorter. */
    g_mime_object_encode(GMIME_OBJECT(msg), GMIME_ENCODING_CONSTRAINT_7BIT);

    GMimeFormatOptions *fo = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
    GMimeStream *s = g_mime_stream_mem_new();
    ssize_t w = g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, s);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
    int rc = w < 0 || !bytes ? err_internal(err, "GMime could not write the mail")
             : buf_append(out, bytes->data, bytes->len) ? err_unavailable(err, "out of memory")
                                                        : 0;
    g_object_unref(s);
    g_mime_format_options_free(fo);
    g_object_unref(msg);
    return rc;
}
