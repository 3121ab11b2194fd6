/* surrogate: a scan of JSON text for unpaired \u surrogate escapes. */
#include "json/surrogate.h"

#include <stdio.h>

/* The four hex digits at s[0..4) (within len), or -1. */
static long hex4(const char *s, size_t avail)
{
    if (avail < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static bool is_high(long u)
{
    return u >= 0xD800 && u <= 0xDBFF;
}
static bool is_low(long u)
{
    return u >= 0xDC00 && u <= 0xDFFF;
}

bool json_lone_surrogate(const char *s, size_t len, char *field, size_t fieldlen)
{
    int depth = 0;
    bool in_str = false, in_key = false, want_key = false, top_object = false;
    size_t start = 0, key_at = 0, key_len = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '"') {
                in_str = false;
                if (in_key)
                    key_at = start, key_len = i - start;
            } else if (c == '\\' && i + 1 < len && s[i + 1] == 'u') {
                long u = hex4(s + i + 2, len - i - 2);
                bool paired = is_high(u) && i + 11 < len && s[i + 6] == '\\' && s[i + 7] == 'u' &&
                              is_low(hex4(s + i + 8, len - i - 8));
                if ((is_high(u) || is_low(u)) && !paired) {
                    bool named = top_object && depth >= 1 && !in_key;
                    snprintf(field, fieldlen, "%.*s", named ? (int)key_len : 0, s + key_at);
                    return true;
                }
                i += paired ? 11 : 5;
            } else if (c == '\\') {
                i++;
            }
            continue;
        }
        switch (c) {
        case '"':
            in_str = true;
            start = i + 1;
            in_key = depth == 1 && top_object && want_key;
            break;
        case '{':
        case '[':
            if (depth++ == 0) {
                top_object = c == '{';
                want_key = top_object;
            }
            break;
        case '}':
        case ']':
            depth--;
            break;
        case ',':
            want_key = depth == 1 && top_object;
            break;
        case ':':
            if (depth == 1)
                want_key = false;
            break;
        default:
            break;
        }
    }
    return false;
}
