/* fuzz_token: the JWT verifier (HS256 only, every claim checked) with a fixed key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *tok = fuzz_cstr(data, size);
    struct token_claims c;
    memset(&c, 0, sizeof c);
    if (token_verify((const unsigned char *)FUZZ_KEY, FUZZ_KEY_LEN, tok, FUZZ_NOW, &c) == 0) {
        FUZZ_CHECK(c.sub > 0);
        FUZZ_CHECK(c.exp > FUZZ_NOW && c.iat <= FUZZ_NOW + 60);
        FUZZ_CHECK(memchr(c.role, '\0', sizeof c.role) && memchr(c.jti, '\0', sizeof c.jti));
    }
    /* A short key must never verify anything. */
    FUZZ_CHECK(token_verify((const unsigned char *)FUZZ_KEY, 16, tok, FUZZ_NOW, &c) != 0);
    free(tok);
    return 0;
}
