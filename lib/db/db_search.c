/* db_search: a ticket search split between the FULLTEXT index and a pattern. The
 * index holds no word shorter than the server's innodb_ft_min_token_size (3 on a
 * stock server, often not ours to change on a shared host): such words ("PC", "id",
 * "4G") are matched by a REGEXP instead, so a search finds what a user typed. */
#include "db/db_search.h"

#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"

/* Characters, not bytes: the server counts a token's length in characters. */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Full-text operators and what cannot be part of a word separate words. */
static bool separates(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || strchr("*+-<>()~\"@'", c);
}

int db_search_split(struct arena *a, const char *q, int min_chars, const char **fulltext,
                    const char **pattern)
{
    struct buf ft, re;
    buf_init(&ft);
    buf_init(&re);
    for (const char *p = q; *p;) {
        while (*p && separates(*p))
            p++;
        size_t len = 0;
        while (p[len] && !separates(p[len]))
            len++;
        if (!len)
            break;
        if (utf8_chars(p, len) >= (size_t)min_chars) {
            buf_printf(&ft, "%s%.*s", ft.len ? " " : "", (int)len, p);
        } else {
            /* Every short word must appear as a word: one lookahead each. */
            buf_puts(&re, re.len ? "(?=.*\\b" : "(*UCP)(?is)^(?=.*\\b");
            for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)p[i];
                bool plain = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                             (c >= 'A' && c <= 'Z');
                buf_printf(&re, plain ? "%c" : "\\%c", c);
            }
            buf_puts(&re, "\\b)");
        }
        p += len;
    }
    int rc = ft.failed || re.failed ? -1 : 0;
    *fulltext = rc == 0 && ft.len ? arena_strndup(a, ft.data, ft.len) : NULL;
    *pattern = rc == 0 && re.len ? arena_strndup(a, re.data, re.len) : NULL;
    if ((ft.len && !*fulltext) || (re.len && !*pattern))
        rc = -1;
    buf_cleanup(&ft);
    buf_cleanup(&re);
    return rc;
}

int db_search_min_chars(struct app_err *err)
{
    static long long server = 0; /* asked once per process */
    if (g_config.search_min_word > 0)
        return (int)g_config.search_min_word;
    if (server == 0 &&
        db_query("SELECT @@innodb_ft_min_token_size", DB_NO_PARAMS, db_row_first_ll, &server, err))
        return -1;
    return server > 0 ? (int)server : 3;
}
