/* fuzz_mail: deskpilot mail-in's entry point — mail_parse (GMime and everything
 * after it) — and the text converters on the raw bytes. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "fuzz.h"
#include "mailin/html_text.h"
#include "mailin/mail_cut.h"
#include "mailin/mail_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_mail_check_text(const char *s, size_t max_chars, int allow_newline)
{
    size_t n = strlen(s);
    FUZZ_CHECK(n > 0 && utf8_valid(s, n));
    FUZZ_CHECK(utf8_chars(s, n) <= max_chars);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK((unsigned char)s[i] >= 0x20 || (allow_newline && s[i] == '\n'));
    FUZZ_CHECK(s[0] != ' ' && s[0] != '\n' && s[n - 1] != ' ' && s[n - 1] != '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct mail_limits lim = {200, 20000, 100};
    struct arena a;
    arena_init(&a, 0);
    struct mail_msg m;
    char why[160];
    int rc = mail_parse(&a, (const char *)data, size, &lim, &m, why, sizeof why);
    FUZZ_CHECK(rc == MAIL_OK || rc == MAIL_EDATA);
    if (rc == MAIL_OK) {
        FUZZ_CHECK(strchr(m.from_addr, '@') && strlen(m.from_addr) <= 254);
        for (const char *p = m.from_addr; *p; p++)
            FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'));
        fuzz_mail_check_text(m.from_name, lim.name_chars, 0);
        fuzz_mail_check_text(m.subject, lim.subject_chars, 0);
        fuzz_mail_check_text(m.body, lim.body_chars, 1);
        size_t k = strlen(m.key);
        FUZZ_CHECK(k > 0 && k <= 900);
        for (size_t i = 0; i < k; i++)
            FUZZ_CHECK(m.key[i] > ' ' && m.key[i] < 0x7f);
        FUZZ_CHECK(m.ref_ticket >= 0 && m.ref_ticket <= 999999999999LL);
        for (const char *p = m.automatic; *p; p++)
            FUZZ_CHECK(*p >= ' ' && *p < 0x7f);
    } else {
        FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof why));
    }
    arena_cleanup(&a);

    /* The converters on the raw bytes: bounded, terminated, never longer than
     * the rules allow. */
    size_t n = 0;
    char *t = html_text((const char *)data, size, &n);
    FUZZ_CHECK(t && strlen(t) <= n && n <= size * 4 + 8);
    free(t);
    char *c = fuzz_cstr(data, size);
    size_t cut = mail_cut_reply(c, size);
    FUZZ_CHECK(cut <= size);
    free(c);
    return 0;
}
