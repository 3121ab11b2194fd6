/* test_outbox: the pure parts of mail out — the feedback link tokens (round trip,
 * tampering, expiry, another key), the MIME a mail takes (headers, threading,
 * escaping, no header injection, CRLF) and that mail off queues nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <string.h>

#include "core/config.h"
#include "outbox/mail_compose.h"
#include "outbox/outbox.h"
#include "ticket/feedback_link.h"

static void use_key(const char *k)
{
    g_config.jwt_secret_len = strlen(k);
    memcpy(g_config.jwt_secret, k, g_config.jwt_secret_len);
}

static void test_link_round_trips(void **state)
{
    (void)state;
    use_key("0123456789abcdef0123456789abcdef");
    struct feedback_link l = {42, 3, 2000000000}, got = {0, 0, 0};
    char tok[FEEDBACK_LINK_MAX];
    assert_int_equal(feedback_link_make(&l, tok), 0);
    assert_true(strncmp(tok, "42.3.2000000000.", 16) == 0);
    assert_true(feedback_link_check(tok, 1999999999, &got));
    assert_int_equal(got.ticket_id, 42);
    assert_int_equal(got.response_no, 3);
    assert_int_equal(got.expires, 2000000000);
    assert_false(feedback_link_check(tok, 2000000001, &got)); /* expired */
}

static void test_link_tampered_or_foreign(void **state)
{
    (void)state;
    use_key("0123456789abcdef0123456789abcdef");
    struct feedback_link l = {42, 3, 2000000000}, got;
    char tok[FEEDBACK_LINK_MAX], bad[FEEDBACK_LINK_MAX];
    assert_int_equal(feedback_link_make(&l, tok), 0);
    /* every character changed in turn: never accepted */
    for (size_t i = 0; tok[i]; i++) {
        strcpy(bad, tok);
        bad[i] = bad[i] == '1' ? '2' : '1';
        assert_false(feedback_link_check(bad, 0, &got));
    }
    const char *nots[] = {"", ".", "42.3.2000000000", "42.3.2000000000.", "a.b.c.d", NULL};
    for (int i = 0; nots[i]; i++)
        assert_false(feedback_link_check(nots[i], 0, &got));
    assert_false(feedback_link_check(NULL, 0, &got));
    use_key("fedcba9876543210fedcba9876543210"); /* another server's key */
    assert_false(feedback_link_check(tok, 0, &got));
    g_config.jwt_secret_len = 0; /* no key: no link */
    assert_int_equal(feedback_link_make(&l, tok), -1);
}

static void test_compose(void **state)
{
    (void)state;
    struct mail_parts m = {
        .from_name = "Support",
        .from_addr = "support@example.com",
        .to_name = "Zo\xc3\xab \"Q\" Customer",
        .to_addr = "zoe@example.org",
        .subject = "[#7] Help\r\nBcc: victim@example.net",
        .message_id = "<deskpilot.7.9.0123456789abcdef@example.com>",
        .in_reply_to = "<deskpilot.7.8.aaaaaaaaaaaaaaaa@example.com>",
        .references = "<deskpilot.7.8.aaaaaaaaaaaaaaaa@example.com>",
        .auto_submitted = "auto-replied",
        .text = "Try <script>x</script> & see.\n\nBye",
        .question = "Did this solve your problem?",
        .yes_label = "Yes",
        .yes_url = "https://h.example/feedback/t?helpful=yes&\"x",
        .no_label = "No",
        .no_url = "https://h.example/feedback/t?helpful=no",
    };
    struct buf out;
    struct app_err err;
    buf_init(&out);
    err_clear(&err);
    assert_int_equal(mail_compose(&m, &out, &err), 0);
    const char *s = buf_str(&out);
    assert_non_null(strstr(s, "Message-Id: <deskpilot.7.9.0123456789abcdef@example.com>\r\n"));
    assert_non_null(strstr(s, "In-Reply-To: <deskpilot.7.8.aaaaaaaaaaaaaaaa@example.com>\r\n"));
    assert_non_null(strstr(s, "References: <deskpilot.7.8.aaaaaaaaaaaaaaaa@example.com>\r\n"));
    assert_non_null(strstr(s, "Auto-Submitted: auto-replied\r\n"));
    assert_non_null(strstr(s, "From: Support <support@example.com>\r\n"));
    assert_non_null(strstr(s, "=?"));   /* the non-ASCII name, RFC 2047 */
    assert_null(strstr(s, "\r\nBcc:")); /* a line break in a value starts no header */
    assert_non_null(strstr(s, "multipart/alternative"));
    assert_non_null(strstr(s, "text/plain"));
    assert_non_null(strstr(s, "text/html"));
    assert_non_null(strstr(s, "&lt;script&gt;x&lt;/script&gt; &amp; see."));
    assert_non_null(strstr(s, "href=\"https://h.example/feedback/t?helpful=yes&amp;&quot;x\""));
    assert_null(strstr(strstr(s, "text/html"), "<script"));      /* the HTML part: all escaped */
    assert_non_null(strstr(s, "Try <script>x</script> & see.")); /* the text part: as written */
    for (const char *p = s; (p = strchr(p, '\n')); p++)          /* CRLF only, for SMTP */
        assert_true(p > s && p[-1] == '\r');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        assert_true(*p < 0x80); /* 7-bit: any relay takes it */
    buf_cleanup(&out);
}

static void test_mail_off_queues_nothing(void **state)
{
    (void)state;
    /* No database is configured here: any statement would fail. */
    g_config.mail_from[0] = '\0';
    struct app_err err;
    err_clear(&err);
    assert_false(outbox_enabled());
    assert_int_equal(outbox_enqueue(1, OUTBOX_AUTO_ANSWER, "answer", 1, &err), 0);
    assert_false(err_is_set(&err));
    assert_string_equal(outbox_kind_name(OUTBOX_CLOSED), "closed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_round_trips),
        cmocka_unit_test(test_link_tampered_or_foreign),
        cmocka_unit_test(test_compose),
        cmocka_unit_test(test_mail_off_queues_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
