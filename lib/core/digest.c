/* digest: streaming SHA-256 in hex, over OpenSSL's EVP. */
#include "core/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "core/mac.h"

int digest_begin(struct digest *d)
{
    d->ctx = EVP_MD_CTX_new();
    if (!d->ctx)
        return -1;
    if (EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1) {
        digest_cleanup(d);
        return -1;
    }
    return 0;
}

int digest_add(struct digest *d, const void *p, size_t n)
{
    if (!d->ctx)
        return -1;
    if (n && EVP_DigestUpdate(d->ctx, p, n) != 1) {
        digest_cleanup(d);
        return -1;
    }
    return 0;
}

int digest_end(struct digest *d, char *out)
{
    out[0] = '\0';
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    int ok = d->ctx && EVP_DigestFinal_ex(d->ctx, md, &n) == 1 && n * 2 == DIGEST_HEX_LEN;
    digest_cleanup(d);
    if (!ok)
        return -1;
    mac_to_hex(md, n, out);
    return 0;
}

void digest_cleanup(struct digest *d)
{
    EVP_MD_CTX_free(d->ctx);
    d->ctx = NULL;
}

static bool well_formed(const char *s)
{
    if (!s || strlen(s) != DIGEST_HEX_LEN)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

bool digest_equal(const char *a, const char *b)
{
    return well_formed(a) && well_formed(b) && CRYPTO_memcmp(a, b, DIGEST_HEX_LEN) == 0;
}
