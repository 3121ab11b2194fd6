/* test_attach: the attachment rules — each image format verified to its last byte
 * (polyglots, trailing data, bad CRCs, truncations refused), the allow-list with
 * libmagic's opinion of the content, the sanitised names and the download header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <string.h>

#include "ticket/attach_check.h"
#include "ticket/attach_image.h"

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 1u << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_cleanup(&arena);
    return 0;
}

static uint32_t crc(const unsigned char *d, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= d[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static size_t put_chunk(unsigned char *out, const char *type, const unsigned char *data, uint32_t n)
{
    out[0] = (unsigned char)(n >> 24);
    out[1] = (unsigned char)(n >> 16);
    out[2] = (unsigned char)(n >> 8);
    out[3] = (unsigned char)n;
    memcpy(out + 4, type, 4);
    if (n)
        memcpy(out + 8, data, n);
    uint32_t c = crc(out + 4, n + 4);
    out[8 + n] = (unsigned char)(c >> 24);
    out[9 + n] = (unsigned char)(c >> 16);
    out[10 + n] = (unsigned char)(c >> 8);
    out[11 + n] = (unsigned char)c;
    return 12 + n;
}

/* A PNG of w x h (the IDAT need not decode: the check walks the structure). */
static size_t make_png(unsigned char *out, uint32_t w, uint32_t h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0};
    ihdr[2] = (unsigned char)(w >> 8);
    ihdr[3] = (unsigned char)w;
    ihdr[6] = (unsigned char)(h >> 8);
    ihdr[7] = (unsigned char)h;
    static const unsigned char idat[] = {0x78, 0x9c, 0x63, 0x60, 0x00,
                                         0x00, 0x00, 0x02, 0x00, 0x01};
    size_t n = 8;
    memcpy(out, sig, 8);
    n += put_chunk(out + n, "IHDR", ihdr, 13);
    n += put_chunk(out + n, "IDAT", idat, sizeof idat);
    n += put_chunk(out + n, "IEND", NULL, 0);
    return n;
}

/* An 8x8 grey baseline JPEG (one Huffman code each for DC and AC). */
static const unsigned char jpeg[] = {
    0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08,
    0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x3f, 0xff, 0xd9};

/* A 1x1 GIF89a. */
static const unsigned char gif[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x44, 0x00, 0x3b};

/* A lossless WebP header of 3 x 2 (the bitstream after it is not decoded). */
static const unsigned char webp[] = {'R', 'I', 'F',  'F',  18,   0,    0,    0,   'W',
                                     'E', 'B', 'P',  'V',  'P',  '8',  'L',  6,   0,
                                     0,   0,   0x2f, 0x02, 0x40, 0x00, 0x00, 0x00};

static void test_images_verify(void **state)
{
    (void)state;
    unsigned char png[128];
    size_t n = make_png(png, 300, 200);
    unsigned w, h;
    assert_true(attach_image_verify("image/png", png, n, &w, &h));
    assert_int_equal(w, 300);
    assert_int_equal(h, 200);
    assert_true(attach_image_verify("image/jpeg", jpeg, sizeof jpeg, &w, &h));
    assert_int_equal(w, 8);
    assert_int_equal(h, 8);
    assert_true(attach_image_verify("image/gif", gif, sizeof gif, &w, &h));
    assert_int_equal(w, 1);
    assert_true(attach_image_verify("image/webp", webp, sizeof webp, &w, &h));
    assert_int_equal(w, 3);
    assert_int_equal(h, 2);
    /* the right bytes under another type are not that type */
    assert_false(attach_image_verify("image/gif", png, n, &w, &h));
    assert_false(attach_image_verify("application/pdf", png, n, &w, &h));
    assert_int_equal(w, 0);
}

static void test_trailing_data_and_damage_refused(void **state)
{
    (void)state;
    unsigned char buf[256];
    unsigned w, h;
    size_t n = make_png(buf, 4, 4);
    memcpy(buf + n, "PK\x03\x04", 4); /* a ZIP after IEND */
    assert_false(attach_image_verify("image/png", buf, n + 4, &w, &h));
    buf[20] ^= 1; /* a damaged IHDR: its CRC no longer matches */
    assert_false(attach_image_verify("image/png", buf, n, &w, &h));
    n = make_png(buf, 0, 4); /* zero width */
    assert_false(attach_image_verify("image/png", buf, n, &w, &h));
    n = make_png(buf, ATTACH_IMAGE_MAX_SIDE + 1, 4);
    assert_false(attach_image_verify("image/png", buf, n, &w, &h));
    for (size_t cut = 0; cut < n; cut++) /* every truncation */
        assert_false(attach_image_verify("image/png", buf, cut, &w, &h));
    memcpy(buf, jpeg, sizeof jpeg);
    memcpy(buf + sizeof jpeg, "<script>", 8);
    assert_false(attach_image_verify("image/jpeg", buf, sizeof jpeg + 8, &w, &h));
    for (size_t cut = 0; cut < sizeof jpeg; cut++)
        assert_false(attach_image_verify("image/jpeg", jpeg, cut, &w, &h));
    memcpy(buf, gif, sizeof gif);
    buf[sizeof gif] = 'x';
    assert_false(attach_image_verify("image/gif", buf, sizeof gif + 1, &w, &h));
    for (size_t cut = 0; cut < sizeof gif; cut++)
        assert_false(attach_image_verify("image/gif", gif, cut, &w, &h));
    memcpy(buf, webp, sizeof webp);
    buf[sizeof webp] = 0;
    assert_false(attach_image_verify("image/webp", buf, sizeof webp + 1, &w, &h));
}

/* attach_check's status for one file; 0 when accepted. */
static int check(const char *name, const char *declared, const void *d, size_t len,
                 struct attach_verdict *v)
{
    struct app_err err;
    err_clear(&err);
    int rc = attach_check(&arena, "file", name, declared, d, len, v, &err);
    if (rc && err.code == ERR_VALIDATION)
        assert_string_equal(err.fields[0].field, "file");
    return rc ? err_status(err.code) : 0;
}

static void test_allow_list_and_content(void **state)
{
    (void)state;
    unsigned char png[160];
    size_t n = make_png(png, 10, 10);
    struct attach_verdict v;
    assert_int_equal(check("shot.PNG", "image/png", png, n, &v), 0);
    assert_true(v.image);
    assert_string_equal(v.content_type, "image/png");
    assert_int_equal(v.width, 10);
    const char *text = "Order 1234 never arrived. Ärger.\n";
    assert_int_equal(check("notes.txt", "text/plain", text, strlen(text), &v), 0);
    assert_false(v.image);
    /* a page named .png; the declared type disagreeing; an extension off the list */
    const char *html = "<!DOCTYPE html><html><script>alert(1)</script></html>\n";
    assert_int_equal(check("cat.png", "image/png", html, strlen(html), &v), 422);
    assert_int_equal(check("shot.png", "image/jpeg", png, n, &v), 422);
    assert_int_equal(check("shot.png", NULL, png, n, &v), 422);
    assert_int_equal(check("run.exe", "application/octet-stream", png, n, &v), 422);
    assert_int_equal(check("page.html", "text/html", html, strlen(html), &v), 422);
    assert_int_equal(check("page.txt", "text/plain", html, strlen(html), &v), 422);
    /* a PNG with a ZIP behind it */
    memcpy(png + n, "PK\x03\x04\x14\x00\x00\x00", 8);
    assert_int_equal(check("shot.png", "image/png", png, n + 8, &v), 422);
    /* no name, empty, a name that is not UTF-8 */
    assert_int_equal(check("", "image/png", png, n, &v), 422);
    assert_int_equal(check("a.png", "image/png", png, 0, &v), 422);
    assert_int_equal(check("\xff.png", "image/png", png, n, &v), 422);
}

static void test_names_and_disposition(void **state)
{
    (void)state;
    const char *text = "hello\n";
    struct attach_verdict v;
    assert_int_equal(check("..\"evil\";\r\n.txt", "text/plain", text, strlen(text), &v), 0);
    assert_null(strpbrk(v.name, "\"\r\n;/\\"));
    assert_true(v.name[0] != '.');
    assert_string_equal(attach_disposition(&arena, "Screen shot ü.png"),
                        "attachment; filename*=UTF-8''Screen%20shot%20%C3%BC.png");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_images_verify),
        cmocka_unit_test(test_trailing_data_and_damage_refused),
        cmocka_unit_test(test_allow_list_and_content),
        cmocka_unit_test(test_names_and_disposition),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
