/* mac: HMAC-SHA256 of a domain-separated message as lower-case hex — what the CSRF
 * tokens and the device cookies are signed with (the same server key signs JWTs and
 * cursors, so every use names its own domain). Pure: no configuration. */
#ifndef DESKPILOT_CORE_MAC_H
#define DESKPILOT_CORE_MAC_H

#include <stdbool.h>
#include <stddef.h>

#define MAC_HEX_LEN 64 /* hex characters of a MAC */

/* out = hex(HMAC-SHA256(key, domain || msg)), NUL-terminated. 0, or -1 for a key
 * under 32 bytes, a NULL or empty msg, a message over 512 bytes or an HMAC failure
 * (then out is ""). */
int mac_hex(const unsigned char *key, size_t keylen, const char *domain, const char *msg,
            char out[MAC_HEX_LEN + 1]);
/* True when hex is exactly mac_hex(key, domain, msg), compared in constant time. */
bool mac_hex_check(const unsigned char *key, size_t keylen, const char *domain, const char *msg,
                   const char *hex);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void mac_to_hex(const unsigned char *in, size_t n, char *out);

#endif
