/* surrogate: find a lone UTF-16 surrogate escape (\ud800 without its pair) in JSON
 * text. json-c decodes one to U+FFFD without a word, so the text a client sent
 * would be stored changed; the raw text is the only place left to see it. */
#ifndef DESKPILOT_JSON_SURROGATE_H
#define DESKPILOT_JSON_SURROGATE_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) (JSON text that parsed) holds a \u escape of a surrogate
 * (D800..DFFF) that is not a high one directly followed by a low one. field then
 * names the top-level member holding it (truncated to fieldlen), or is "" when
 * it is in a member's name or not inside an object. */
bool json_lone_surrogate(const char *s, size_t len, char *field, size_t fieldlen);

#endif
