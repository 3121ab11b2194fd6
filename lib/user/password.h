/* password: bcrypt hashing and constant-time verification through libxcrypt. */
#ifndef DESKPILOT_USER_PASSWORD_H
#define DESKPILOT_USER_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 128

/* Hash a password with bcrypt ($2b$) at the given cost (4..15) into out (at least
 * PASSWORD_HASH_MAX bytes). Every password is first reduced to
 * base64(SHA-256(password)), so all its bytes count despite bcrypt's 72-byte limit.
 * Returns 0, or -1 (bad cost, no entropy, out of memory). */
int password_hash(const char *password, size_t len, int cost, char *out);
/* True when password matches hash. Malformed hashes never match. The comparison
 * is constant-time; the cost is that of the hash's own cost factor. */
bool password_verify(const char *password, size_t len, const char *hash);
/* Spend the time of one verification against a dummy hash of the given cost, so
 * an unknown e-mail takes as long as a wrong password. */
void password_burn(int cost);

#endif
