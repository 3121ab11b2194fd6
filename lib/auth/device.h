/* device: the device cookie of OWASP's "Slow Down Online Guessing Attacks with
 * Device Cookies" — set on a successful sign-in, it names the account (by an HMAC
 * over the e-mail, which the cookie does not carry), so a browser that signed in
 * before keeps its own failure budget while the account is under attack from
 * elsewhere. */
#ifndef DESKPILOT_AUTH_DEVICE_H
#define DESKPILOT_AUTH_DEVICE_H

#include "http/request.h"
#include "http/response.h"

#define AUTH_DEVICE_COOKIE "dp_device"
#define AUTH_DEVICE_NONCE_LEN 32 /* hex characters */

/* The nonce of the request's device cookie when it was issued for this e-mail
 * (compared lower-cased), is signed with the server key and has not expired; else
 * NULL. In the arena. */
const char *auth_device_nonce(struct request *req, const char *email, size_t email_len);
/* Set a fresh device cookie for email (as stored: lower-case) on res, valid
 * DESKPILOT_LOGIN_KNOWN_TTL seconds. 0, or -1 (CSPRNG, out of memory, headers full). */
int auth_device_set(struct request *req, struct response *res, const char *email);

#endif
