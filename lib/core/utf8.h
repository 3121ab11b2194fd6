/* utf8: validation and character counting for untrusted text. */
#ifndef DESKPILOT_CORE_UTF8_H
#define DESKPILOT_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or code
 * points above U+10FFFF) and holds no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in well-formed UTF-8 text. */
size_t utf8_chars(const char *s, size_t len);
/* Byte length of the longest prefix of s holding at most max_chars code points. */
size_t utf8_prefix(const char *s, size_t len, size_t max_chars);

#endif
