/* mac: domain-separated HMAC-SHA256 in hex. */
#include "core/mac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#define MAC_MSG_MAX 512 /* our messages are short; a longer one is not ours */

void mac_to_hex(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int mac_hex(const unsigned char *key, size_t keylen, const char *domain, const char *msg,
            char out[MAC_HEX_LEN + 1])
{
    out[0] = '\0';
    if (!key || keylen < 32 || !domain || !msg || !*msg)
        return -1;
    size_t dlen = strlen(domain), mlen = strlen(msg);
    unsigned char buf[MAC_MSG_MAX];
    if (dlen > sizeof buf || mlen > sizeof buf - dlen)
        return -1;
    memcpy(buf, domain, dlen);
    memcpy(buf + dlen, msg, mlen);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    if (!HMAC(EVP_sha256(), key, (int)keylen, buf, dlen + mlen, mac, &maclen) ||
        maclen * 2 != MAC_HEX_LEN)
        return -1;
    mac_to_hex(mac, maclen, out);
    return 0;
}

bool mac_hex_check(const unsigned char *key, size_t keylen, const char *domain, const char *msg,
                   const char *hex)
{
    if (!hex || strlen(hex) != MAC_HEX_LEN)
        return false;
    char want[MAC_HEX_LEN + 1];
    if (mac_hex(key, keylen, domain, msg, want))
        return false;
    return CRYPTO_memcmp(want, hex, MAC_HEX_LEN) == 0;
}
