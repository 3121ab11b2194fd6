/* search_terms: stemmed, padded terms for the tickets' search text and index, and the
 * terms of a search. Both sides go through this one file, so a word typed in a search
 * and the same word in a ticket always meet as the same term. */
#include "ai/search_terms.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ai/features.h"

/* The tokenizer reads at most AI_TOK_MAX_BYTES and keeps AI_TOK_MAX_TOKENS: pieces
 * of 1 KiB hold at most 512 words of one letter, so no word of a long text is lost. */
#define PIECE 1024
_Static_assert(PIECE / 2 <= AI_TOK_MAX_TOKENS && PIECE <= AI_TOK_MAX_BYTES, "a piece fits");

#define TERM_MAX AI_SEARCH_TERM_BYTES
#define EMAIL_MAX 80

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* A letter or a digit starts it: a currency sign, a token of its own, is no word. */
static bool wordlike(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
        return false;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT ||
           k == UTF8PROC_CATEGORY_LM || k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_ND ||
           k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_NO;
}

/* The term of one stem into term[TERM_MAX]: '.' of a number ("1.5") is a separator to
 * the server, so it becomes '_'; then '_' up to AI_SEARCH_TERM_MIN characters. */
static size_t term_of(const char *stem, bool note, char *term)
{
    size_t o = 0, chars = 0;
    for (const char *p = stem; *p && o < TERM_MAX - AI_SEARCH_TERM_MIN - 2; p++) {
        term[o++] = *p == '.' || *p == ',' ? '_' : *p;
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    }
    do
        term[o++] = '_';
    while (++chars < AI_SEARCH_TERM_MIN);
    if (note)
        term[o++] = AI_SEARCH_NOTE_MARK;
    term[o] = '\0';
    return o;
}

/* Bytes of the next piece of text: all of it when short, else up to PIECE ending
 * before a space (or, in a run without one, at a character boundary). */
static size_t piece(const char *text, size_t len)
{
    if (len <= PIECE)
        return len;
    size_t n = PIECE;
    while (n > PIECE / 2 && !is_space(text[n]))
        n--;
    if (n == PIECE / 2)
        for (n = PIECE; n > 1 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
            ;
    return n;
}

int ai_search_index(struct ai_tokenizer *t, const char *text, size_t len, enum ai_search_form form,
                    struct buf *out)
{
    char term[TERM_MAX];
    while (len > 0) {
        size_t n = piece(text, len);
        if (ai_tokenize(t, text, n))
            return -1;
        for (size_t i = 0; i < t->ntok; i++) {
            const char *word = ai_token_word(t, i);
            if (!wordlike(word) ||
                (form != AI_SEARCH_NAME && ai_features_is_stopword(word, t->tok[i].word_len)))
                continue;
            size_t k = term_of(ai_token_stem(t, i), form == AI_SEARCH_NOTE, term);
            if (buf_append(out, term, k) || buf_putc(out, ' '))
                return -1;
        }
        text += n;
        len -= n;
    }
    return out->failed ? -1 : 0;
}

/* An address as one term into term[EMAIL_MAX + 2]: lower case, every mark but the
 * letters and digits a '_'. 0 when s[0..len) is not "local@domain". */
static size_t email_term(const char *s, size_t len, char *term)
{
    const char *at = memchr(s, '@', len);
    if (!at || at == s || at == s + len - 1 || memchr(at + 1, '@', (size_t)(s + len - at - 1)) ||
        len > EMAIL_MAX)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        bool plain = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        term[o++] = plain ? (char)c : '_';
    }
    term[o++] = '_';
    term[o] = '\0';
    return o;
}

int ai_search_email(const char *email, struct buf *out)
{
    char term[EMAIL_MAX + 2];
    size_t k = email ? email_term(email, strlen(email), term) : 0;
    if (k && (buf_append(out, term, k) || buf_putc(out, ' ')))
        return -1;
    return 0;
}

/* The words of a search, distinct, in the order typed. */
struct words {
    char term[4 * AI_SEARCH_MAX_WORDS][TERM_MAX];
    bool function_word[4 * AI_SEARCH_MAX_WORDS];
    int n;
};

static void add_word(struct words *w, const char *term, bool function_word)
{
    for (int i = 0; i < w->n; i++)
        if (strcmp(w->term[i], term) == 0)
            return;
    if (w->n < (int)(sizeof w->term / sizeof w->term[0])) {
        strcpy(w->term[w->n], term);
        w->function_word[w->n++] = function_word;
    }
}

/* "1234" or "#1234", nothing else: that ticket's number; else 0. */
static long long ticket_number(const char *q)
{
    while (is_space(*q))
        q++;
    q += *q == '#';
    long long v = 0;
    int digits = 0;
    for (; *q >= '0' && *q <= '9' && digits < 18; q++, digits++)
        v = v * 10 + (*q - '0');
    while (is_space(*q))
        q++;
    return digits && !*q ? v : 0;
}

/* Marks that wrap an address in running text: "<ann@example.com>," */
static bool wrapper(char c)
{
    return c && strchr("<>()[]{},;:\"'", c);
}

int ai_search_query(struct ai_tokenizer *t, const char *q, struct ai_search_query *out)
{
    struct words w;
    char term[TERM_MAX];
    w.n = 0;
    out->ticket_id = ticket_number(q);
    out->nwords = 0;
    for (const char *p = q; *p;) {
        while (is_space(*p))
            p++;
        size_t len = 0;
        while (p[len] && !is_space(p[len]))
            len++;
        const char *s = p;
        size_t n = len;
        p += len;
        while (n && wrapper(s[0]))
            s++, n--;
        while (n && wrapper(s[n - 1]))
            n--;
        if (n && memchr(s, '@', n) && email_term(s, n, term)) {
            add_word(&w, term, false);
            continue;
        }
        if (ai_tokenize(t, s, n))
            return -1;
        for (size_t i = 0; i < t->ntok; i++) {
            const char *word = ai_token_word(t, i);
            if (!wordlike(word))
                continue;
            term_of(ai_token_stem(t, i), false, term);
            add_word(&w, term, ai_features_is_stopword(word, t->tok[i].word_len));
        }
    }
    /* Function words count only when the search holds nothing else ("Will"). */
    bool content = false;
    for (int i = 0; i < w.n; i++)
        content |= !w.function_word[i];
    for (int i = 0; i < w.n && out->nwords < AI_SEARCH_MAX_WORDS; i++) {
        if (content && w.function_word[i])
            continue;
        strcpy(out->term[out->nwords++], w.term[i]);
    }
    return 0;
}

static int by_term(const void *x, const void *y)
{
    const struct ai_search_posting *p = x, *q = y;
    int c = memcmp(p->term, q->term, p->len < q->len ? p->len : q->len);
    return c ? c : (p->len > q->len) - (p->len < q->len);
}

int ai_search_postings(struct arena *a, const char *text, size_t len,
                       struct ai_search_posting **out, int *n)
{
    size_t words = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < len; i++)
        words += text[i] != ' ' && (i == 0 || text[i - 1] == ' ');
    if (words == 0)
        return 0;
    struct ai_search_posting *p = arena_calloc(a, words, sizeof *p);
    if (!p)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != ' ')
            j++;
        if (j > i) { /* the note mark ends only a note's term: plain terms end in '_' */
            bool note = j - i > 1 && text[j - 1] == AI_SEARCH_NOTE_MARK;
            p[k++] = (struct ai_search_posting){text + i, j - i - note, !note, note};
        }
        i = j + 1;
    }
    qsort(p, k, sizeof *p, by_term);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && by_term(&p[m - 1], &p[i]) == 0) {
            struct ai_search_posting *q = &p[m - 1];
            q->hits += q->hits < AI_SEARCH_HITS_MAX ? p[i].hits : 0;
            q->note_hits += q->note_hits < AI_SEARCH_HITS_MAX ? p[i].note_hits : 0;
        } else {
            p[m++] = p[i];
        }
    }
    *out = p;
    *n = (int)m;
    return 0;
}
