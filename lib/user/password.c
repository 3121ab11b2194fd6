/* password: bcrypt via crypt_rn, with SHA-256 pre-hashing past bcrypt's 72 bytes. */
#include "user/password.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BCRYPT_MAX 72

/* The 32 KiB scratch crypt_rn needs; one per process (workers are single-threaded). */
static struct crypt_data *scratch(void)
{
    static struct crypt_data *cd;
    if (!cd)
        cd = calloc(1, sizeof *cd);
    return cd;
}

/* The bytes bcrypt actually sees, NUL-terminated in out (at least 45 bytes):
 * base64(SHA-256(password)) for every password. bcrypt reads only 72 bytes, so
 * this makes every byte of a long password count; doing it for all lengths means
 * no typed string can stand in for another password's digest. */
static int effective(const char *pw, size_t len, char *out)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    if (!SHA256((const unsigned char *)pw, len, digest))
        return -1;
    EVP_EncodeBlock((unsigned char *)out, digest, sizeof digest); /* 44 chars + NUL */
    OPENSSL_cleanse(digest, sizeof digest);
    return 0;
}

int password_hash(const char *password, size_t len, int cost, char *out)
{
    if (cost < 4 || cost > 15)
        return -1;
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", (unsigned long)cost, NULL, 0, salt, sizeof salt))
        return -1;
    struct crypt_data *cd = scratch();
    char pw[BCRYPT_MAX + 1];
    if (!cd || effective(password, len, pw))
        return -1;
    const char *h = crypt_rn(pw, salt, cd, sizeof *cd);
    OPENSSL_cleanse(pw, sizeof pw);
    if (!h || h[0] == '*' || strlen(h) >= PASSWORD_HASH_MAX)
        return -1;
    strcpy(out, h);
    OPENSSL_cleanse(cd, sizeof *cd);
    return 0;
}

bool password_verify(const char *password, size_t len, const char *hash)
{
    if (!hash || strncmp(hash, "$2b$", 4) != 0 || strlen(hash) != 60)
        return false;
    struct crypt_data *cd = scratch();
    char pw[BCRYPT_MAX + 1];
    if (!cd || effective(password, len, pw))
        return false;
    const char *h = crypt_rn(pw, hash, cd, sizeof *cd);
    OPENSSL_cleanse(pw, sizeof pw);
    bool ok = h && strlen(h) == 60 && CRYPTO_memcmp(h, hash, 60) == 0;
    OPENSSL_cleanse(cd, sizeof *cd);
    return ok;
}

void password_burn(int cost)
{
    static char dummy[PASSWORD_HASH_MAX];
    static int dummy_cost;
    if (dummy_cost != cost) {
        if (password_hash("deskpilot-dummy-password", 24, cost, dummy))
            return;
        dummy_cost = cost;
    }
    (void)password_verify("not-the-password", 16, dummy);
}
