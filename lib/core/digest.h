/* digest: SHA-256 over data given in pieces, in lower-case hex — the checksum a model
 * carries from the host that built it to every host that fetches it. Pure. */
#ifndef DESKPILOT_CORE_DIGEST_H
#define DESKPILOT_CORE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#define DIGEST_HEX_LEN 64 /* hex characters of a SHA-256 */

struct digest {
    void *ctx; /* OpenSSL's EVP_MD_CTX; NULL after digest_end or a failure */
};

/* Start a digest. 0, or -1 out of memory (d is then harmless to end). */
int digest_begin(struct digest *d);
/* Add n bytes. 0, or -1 (the digest is then ended). */
int digest_add(struct digest *d, const void *p, size_t n);
/* The hex digest into out (DIGEST_HEX_LEN + 1 bytes) and the end of d. 0 or -1 (out
 * is then ""). */
int digest_end(struct digest *d, char *out);
/* Free d without a result; harmless twice. */
void digest_cleanup(struct digest *d);
/* True when a and b are the same well-formed hex digest (64 lower-case hex characters),
 * compared in constant time. */
bool digest_equal(const char *a, const char *b);

#endif
