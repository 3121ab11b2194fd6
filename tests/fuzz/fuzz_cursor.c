/* fuzz_cursor: the signed paging cursor (base64url of version, position and a MAC). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/paging.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_config_key();
    char *s = fuzz_cstr(data, size);
    long long pos = -1;
    if (page_cursor_decode(s, &pos) == 0) {
        FUZZ_CHECK(pos >= 0);
        /* The encoding is canonical: what decodes re-encodes to the same text. */
        struct arena a;
        arena_init(&a, 1 << 16);
        char *again = page_cursor(&a, pos);
        FUZZ_CHECK(again && strcmp(again, s) == 0);
        arena_cleanup(&a);
    }
    free(s);
    return 0;
}
