/* fuzz_escape: the three HTML escapers never let a byte leave its context. */
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "fuzz.h"
#include "html/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_escape_free_of(const struct buf *b, const char *bad)
{
    for (size_t i = 0; i < b->len; i++)
        FUZZ_CHECK(!strchr(bad, b->data[i]) || b->data[i] == '\0');
    FUZZ_CHECK(utf8_valid(b->len ? b->data : "", b->len));
}

static int fuzz_escape_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = size ? (const char *)data : NULL;
    struct buf b;
    buf_init(&b);

    FUZZ_CHECK(html_txt(&b, s, size) == 0);
    fuzz_escape_free_of(&b, "<>\"'");
    /* Text with no special bytes and valid UTF-8 comes out unchanged. */
    if (utf8_valid(s ? s : "", size) && !memchr(data, '&', size) && !memchr(data, '<', size) &&
        !memchr(data, '>', size) && !memchr(data, '"', size) && !memchr(data, '\'', size))
        FUZZ_CHECK(b.len == size && (size == 0 || memcmp(b.data, data, size) == 0));

    buf_reset(&b);
    FUZZ_CHECK(html_attr(&b, s, size) == 0);
    fuzz_escape_free_of(&b, "<>\"'`\r\n\t");

    buf_reset(&b);
    FUZZ_CHECK(html_url_arg(&b, s, size) == 0);
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        FUZZ_CHECK(c != '\0' && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                 (c >= '0' && c <= '9') || strchr("-._~%", c)));
        if (c == '%')
            FUZZ_CHECK(i + 2 < b.len && fuzz_escape_hex(b.data[i + 1]) &&
                       fuzz_escape_hex(b.data[i + 2]));
    }
    buf_cleanup(&b);
    return 0;
}
