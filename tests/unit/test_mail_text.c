/* test_mail_text: the pure parts of mail-in — quote and signature cutting, HTML to
 * text, ticket references, automatic-mail detection — and mail_parse on small
 * messages (GMime: charsets, transfer encodings, the parts it picks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "mailin/html_text.h"
#include "mailin/mail_auto.h"
#include "mailin/mail_cut.h"
#include "mailin/mail_parse.h"
#include "mailin/mail_ref.h"

/* mail_cut_reply on a copy of in (exactly its length, so a sanitizer sees an overrun). */
static void cut_is(const char *in, const char *want)
{
    size_t n = strlen(in);
    char *t = malloc(n ? n : 1);
    assert_non_null(t);
    memcpy(t, in, n);
    size_t got = mail_cut_reply(t, n);
    if (got != strlen(want) || memcmp(t, want, got) != 0)
        fail_msg("cut of \"%s\": got \"%.*s\", want \"%s\"", in, (int)got, t, want);
    free(t);
}

static void test_cut_quotes(void **state)
{
    (void)state;
    cut_is("New words.\n\n> old words\n> more old\n", "New words.");
    cut_is("New words.\n\nOn Tue, Nov 12, 2024 at 9:14 AM Support <s@x.example> wrote:\n> old\n",
           "New words.");
    /* Gmail wraps a long attribution over two lines. */
    cut_is(
        "Top.\n\nOn Tue, Nov 12, 2024 at 9:14 AM Support <support@support.example.com>\nwrote:\n\n"
        ">> deeper\n> old\n",
        "Top.");
    cut_is("Neu.\n\nAm 12.11.2024 um 09:14 schrieb Support <s@x.example>:\n> alt\n", "Neu.");
    cut_is("Neu.\n\nAm 12.11.2024 hat Support geschrieben, er schrieb:\n> alt\n", "Neu.");
    /* Inline answers between quotes stay, the quotes go. */
    cut_is("On Mon, A wrote:\n> question one\nanswer one\n> question two\nanswer two\n",
           "answer one\nanswer two");
    /* A line starting "On" that is not an attribution is text. */
    cut_is("On Monday the app crashed.\nIt wrote: nothing.",
           "On Monday the app crashed.\nIt wrote: nothing.");
}

static void test_cut_outlook_and_signature(void **state)
{
    (void)state;
    cut_is("Still broken.\n\nRegards\nPenny\n\n________________________________\nFrom: Support\n"
           "Sent: Tuesday\nTo: Penny\nSubject: [#1] x\n\nour text\n",
           "Still broken.\n\nRegards\nPenny");
    cut_is("Thanks!\n\n-----Original Message-----\nFrom: Support\nSent: today\n\nold\n", "Thanks!");
    cut_is("Thanks!\nFrom: Support <s@x.example>\nSent: Tuesday, November 12, 2024 10:05 AM\n"
           "To: Penny\nSubject: x\n\nold\n",
           "Thanks!");
    /* "From:" alone is a sentence, not a header block. */
    cut_is("From: my experience this never worked.\nIt still does not.",
           "From: my experience this never worked.\nIt still does not.");
    cut_is("Please help.\n\n-- \nPenny Mail\n+49 30 1234567\n", "Please help.");
    cut_is("Please help.\n--\nPenny\n", "Please help.");
    /* "--" inside a line is no separator; CRLF line ends and blank runs are tidied. */
    cut_is("a -- b\r\n\r\n\r\n\r\nc  \r\n", "a -- b\n\nc");
    cut_is("> only a quote\n", "");
    cut_is("", "");
    cut_is("no line end", "no line end");
}

static void html_is(const char *in, const char *want)
{
    size_t n = 0;
    char *t = html_text(in, strlen(in), &n);
    assert_non_null(t);
    assert_int_equal(n, strlen(t));
    if (strcmp(t, want) != 0)
        fail_msg("html of \"%s\": got \"%s\", want \"%s\"", in, t, want);
    assert_true(utf8_valid(t, n) || n == 0);
    free(t);
}

static void test_html(void **state)
{
    (void)state;
    html_is("<p>Hello&nbsp;team,</p><p>line one<br>line two</p>",
            "Hello team,\n\nline one\nline two");
    html_is("<html><head><title>T</title><style>p{color:red}</style></head><body>"
            "<script type=\"text/javascript\">alert('x<p>y')</script>Text</body></html>",
            "Text");
    html_is("a &amp; b &lt;c&gt; &quot;d&quot; &#233; &#x20AC; &euro; &unknown; &#0; &",
            "a & b <c> \"d\" é € € &unknown; \xEF\xBF\xBD &");
    html_is("<ul><li>one</li><li>two</li></ul><p>after</p>", "- one\n- two\n\nafter");
    html_is("  lots   of\n\n  white\tspace  ", "lots of white space");
    html_is("<pre>keep   this\n  indented</pre>", "keep   this\n  indented");
    html_is("<div>new</div><blockquote><div>quoted</div><div>too</div></blockquote>",
            "new\n> quoted\n> too");
    html_is("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc");
    html_is("<!-- hidden --><a href=\"x\" title='a>b'>link</a>", "link");
    html_is("x < y and <3", "x < y and <3");
    html_is("<p>unterminated <b", "unterminated");
    html_is("", "");
}

static void test_refs(void **state)
{
    (void)state;
    assert_int_equal(mail_ref_ticket("Re: [#42] Printer", NULL, NULL), 42);
    assert_int_equal(mail_ref_ticket("[#] x [#abc] [#7]", NULL, NULL), 7);
    assert_int_equal(mail_ref_ticket("no tag", "<deskpilot.15.3.abc@support.example>", NULL), 15);
    /* In-Reply-To wins over the subject; References' newest id wins over older ones. */
    assert_int_equal(mail_ref_ticket("[#1]", "<deskpilot.2.9.x@d>", NULL), 2);
    assert_int_equal(
        mail_ref_ticket(NULL, "<other@x>", "<deskpilot.3.1.a@d> <x@y> <deskpilot.4.2.b@d>"), 4);
    assert_int_equal(mail_ref_ticket(NULL, "<DESKPILOT.5.1.a@d>", NULL), 5);
    /* Not ours, malformed or absurd: nothing. */
    assert_int_equal(mail_ref_ticket("[#12", "<deskpilot.x.1@d>", "<deskpilot.9@d>"), 0);
    assert_int_equal(mail_ref_ticket("[#1234567890123]", NULL, NULL), 0);
    assert_int_equal(mail_ref_ticket(NULL, NULL, NULL), 0);
}

static const char *automatic(struct mail_auto_headers h)
{
    static char why[64];
    bool a = mail_automatic(&h, why, sizeof why);
    assert_int_equal(a, why[0] != '\0');
    return why;
}

static void test_automatic(void **state)
{
    (void)state;
    const char *addr = "a@b.example";
    assert_string_equal(automatic((struct mail_auto_headers){.from_addr = addr}), "");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .auto_submitted = " No "}), "");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .return_path = "<a@b.example>"}),
        "");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .return_path = "<>"}),
        "bounce (null return path)");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .return_path = " < > "}),
        "bounce (null return path)");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = "MAILER-DAEMON@mx.example"}),
        "bounce (from MAILER-DAEMON)");
    assert_string_equal(automatic((struct mail_auto_headers){.from_addr = addr, .report = true}),
                        "delivery report (multipart/report)");
    assert_string_equal(automatic((struct mail_auto_headers){
                            .from_addr = addr, .auto_submitted = "Auto-Replied; owner-email=x"}),
                        "Auto-Submitted: auto-replied");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .precedence = "bulk"}),
        "Precedence: bulk");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .precedence = "Junk"}),
        "Precedence: junk");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .precedence = "first-class"}), "");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .list_id = "<l.x>"}),
        "mailing list (List-Id)");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .list_unsubscribe = "<mailto:u>"}),
        "mailing list (List-Unsubscribe)");
    assert_string_equal(
        automatic((struct mail_auto_headers){.from_addr = addr, .x_autorespond = "yes"}),
        "auto-reply (X-Autorespond)");
    /* Odd bytes in a header value do not reach the reason. */
    const char *r =
        automatic((struct mail_auto_headers){.from_addr = addr,
                                             .auto_submitted = "x\x01\xff-very-long-value-"
                                                               "that-goes-on-and-on"});
    for (const char *p = r; *p; p++)
        assert_true(*p >= ' ' && *p < 0x7f);
}

static const struct mail_limits LIM = {200, 20000, 100};

/* mail_parse on one message; the result's strings live until the arena goes. */
static int parse(struct arena *a, const char *msg, struct mail_msg *m)
{
    char why[160];
    return mail_parse(a, msg, strlen(msg), &LIM, m, why, sizeof why);
}

static void test_parse(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct mail_msg m;
    assert_int_equal(parse(&a,
                           "From: =?UTF-8?B?w4lsb2TDqWU=?= <Elodie@Example.ORG>\n"
                           "Subject: =?ISO-8859-1?Q?caf=E9?=\tcr\xe8me\n"
                           "Message-ID: <abc@example.org>\n"
                           "In-Reply-To: <deskpilot.77.1.x@support.example>\n"
                           "Auto-Submitted: auto-replied\n"
                           "Content-Type: text/plain; charset=windows-1252\n"
                           "Content-Transfer-Encoding: quoted-printable\n\n"
                           "Prix: 5 =80, d=E9j=E0 pay=E9.\n\n> old\n",
                           &m),
                     MAIL_OK);
    assert_string_equal(m.from_addr, "elodie@example.org");
    assert_string_equal(m.from_name, "Élodée");
    assert_true(utf8_valid(m.subject, strlen(m.subject)));
    assert_non_null(strstr(m.subject, "café"));
    assert_string_equal(m.key, "abc@example.org");
    assert_int_equal(m.ref_ticket, 77);
    assert_string_equal(m.automatic, "Auto-Submitted: auto-replied");
    assert_string_equal(m.body, "Prix: 5 €, déjà payé.");

    /* No Message-ID: the digest; no subject, no name: placeholders; HTML only. */
    assert_int_equal(parse(&a,
                           "From: bob@example.org\nContent-Type: text/html\n\n"
                           "<p>Hi<br>there</p>",
                           &m),
                     MAIL_OK);
    assert_memory_equal(m.key, "sha256:", 7);
    assert_int_equal(strlen(m.key), 7 + 64);
    assert_string_equal(m.subject, "(no subject)");
    assert_string_equal(m.from_name, "bob");
    assert_string_equal(m.body, "Hi\nthere");

    /* Plain text is preferred over HTML, wherever it sits; attachments are not read. */
    assert_int_equal(parse(&a,
                           "From: c@example.org\nContent-Type: multipart/mixed; boundary=o\n\n"
                           "--o\nContent-Type: text/plain\nContent-Disposition: attachment\n\nNO\n"
                           "--o\nContent-Type: multipart/alternative; boundary=i\n\n"
                           "--i\nContent-Type: text/html\n\n<b>html</b>\n"
                           "--i\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
                           "cGxhaW4gdGV4dA==\n--i--\n--o--\n",
                           &m),
                     MAIL_OK);
    assert_string_equal(m.body, "plain text");

    /* Only a quote: the whole text is kept; bounded to the limits. */
    assert_int_equal(parse(&a, "From: d@example.org\n\n> all quoted\n", &m), MAIL_OK);
    assert_string_equal(m.body, "> all quoted");
    char big[30000];
    int k = snprintf(big, sizeof big, "From: e@example.org\nSubject: ");
    memset(big + k, 'S', 300);
    k += 300;
    k += snprintf(big + k, sizeof big - (size_t)k, "\n\n");
    memset(big + k, 'b', sizeof big - (size_t)k - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(parse(&a, big, &m), MAIL_OK);
    assert_int_equal(strlen(m.subject), 200);
    assert_int_equal(strlen(m.body), 20000);

    /* What can never be taken. */
    assert_int_equal(parse(&a, "Subject: no sender\n\nbody\n", &m), MAIL_EDATA);
    assert_int_equal(parse(&a, "From: Undisclosed <>\n\nbody\n", &m), MAIL_EDATA);
    assert_int_equal(parse(&a, "", &m), MAIL_EDATA);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_quotes), cmocka_unit_test(test_cut_outlook_and_signature),
        cmocka_unit_test(test_html),       cmocka_unit_test(test_refs),
        cmocka_unit_test(test_automatic),  cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
