/* db_search: a ticket search split between the FULLTEXT index and a pattern. The
 * index holds no word shorter than the server's innodb_ft_min_token_size (3 on a
 * stock server, often not ours to change on a shared host): such words ("PC", "id",
 * "4G") are matched by a REGEXP each instead, so a search finds what a user typed.
 * Such a statement reads every row its other conditions leave, so db_tickets_list
 * runs it under a time limit. */
#include "db/db_search.h"

#include <string.h>
#include <strings.h>

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

/* The pattern for one short word: the word itself, case-insensitive, not inside a
 * longer word (Unicode letters and digits count as word characters). No ".*" and no
 * nesting: the match is linear in the text. */
static const char *word_pattern(struct arena *a, const char *w, size_t len)
{
    struct buf re;
    buf_init(&re);
    buf_puts(&re, "(*UCP)(?i)(?<!\\w)");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        bool plain =
            c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        buf_printf(&re, plain ? "%c" : "\\%c", c);
    }
    buf_puts(&re, "(?!\\w)");
    const char *out = re.failed ? NULL : arena_strndup(a, re.data, re.len);
    buf_cleanup(&re);
    return out;
}

int db_search_split(struct arena *a, const char *q, int min_chars, const char **fulltext,
                    const char **patterns, int *npatterns)
{
    struct buf ft;
    buf_init(&ft);
    const char *seen[DB_SEARCH_MAX_SHORT];
    size_t seen_len[DB_SEARCH_MAX_SHORT];
    int n = 0, rc = 0;
    for (const char *p = q; *p && rc == 0;) {
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
            /* Each short word must appear; the same word twice counts once, and past
             * DB_SEARCH_MAX_SHORT of them the rest add nothing but scanning. */
            bool dup = false;
            for (int i = 0; i < n && !dup; i++)
                dup = seen_len[i] == len && strncasecmp(seen[i], p, len) == 0;
            if (!dup && n < DB_SEARCH_MAX_SHORT) {
                seen[n] = p, seen_len[n] = len;
                if (!(patterns[n++] = word_pattern(a, p, len)))
                    rc = -1;
            }
        }
        p += len;
    }
    if (ft.failed)
        rc = -1;
    *fulltext = rc == 0 && ft.len ? arena_strndup(a, ft.data, ft.len) : NULL;
    if (ft.len && !*fulltext)
        rc = -1;
    for (int i = n; i < DB_SEARCH_MAX_SHORT; i++)
        patterns[i] = NULL;
    *npatterns = rc == 0 ? n : 0;
    buf_cleanup(&ft);
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
