/* fuzz_image: the image re-check of attachments (PNG, JPEG, GIF, WebP walks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ticket/attach_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: the first byte picks the type (mod 4), the rest is the file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"image/png", "image/jpeg", "image/gif", "image/webp"};
    if (size == 0)
        return 0;
    const char *type = types[data[0] % 4];
    size_t len = size - 1;
    /* A copy of exactly the file's size, and one with a byte after it. */
    uint8_t *d = malloc(len + 1);
    if (!d)
        abort();
    if (len)
        memcpy(d, data + 1, len);
    unsigned w = 99, h = 99;
    bool ok = attach_image_verify(type, d, len, &w, &h);
    if (ok) {
        FUZZ_CHECK(w >= 1 && w <= ATTACH_IMAGE_MAX_SIDE && h >= 1 && h <= ATTACH_IMAGE_MAX_SIDE);
        /* nothing may follow a verified image */
        d[len] = 0;
        FUZZ_CHECK(!attach_image_verify(type, d, len + 1, &w, &h));
    } else {
        FUZZ_CHECK(w == 0 && h == 0);
    }
    free(d);
    return 0;
}
