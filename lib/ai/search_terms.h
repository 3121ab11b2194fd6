/* search_terms: the words of a ticket as the terms of its search text and of the
 * search index (ticket_terms, sql/025), and a search typed by a person as the terms
 * it asks for. */
#ifndef DESKPILOT_AI_SEARCH_TERMS_H
#define DESKPILOT_AI_SEARCH_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "ai/tokenize.h"
#include "core/arena.h"
#include "core/buf.h"

/* A term is a word's English stem (the classifier's tokenizer: "refunds" and
 * "refund" are both "refund") followed by '_' and padded with '_' to at least
 * AI_SEARCH_TERM_MIN characters ("PC" is "pc__"), so every term ends in '_' (the
 * padding dates from a FULLTEXT index, which skipped short words). A word of an
 * internal note gets AI_SEARCH_NOTE_MARK after that ("pc__i"), so a customer's
 * search, which asks only for the plain form, cannot find a ticket by what staff
 * wrote among themselves. */
#define AI_SEARCH_TERM_MIN 4
#define AI_SEARCH_NOTE_MARK 'i'
/* A search counts at most this many distinct words (each must match). */
#define AI_SEARCH_MAX_WORDS 8

enum ai_search_form {
    AI_SEARCH_TEXT, /* a subject or message: English function words left out */
    AI_SEARCH_NOTE, /* an internal note: as TEXT, in the staff-only form */
    AI_SEARCH_NAME, /* a person's name: every word kept ("Will", "May") */
};

/* Append the terms of text[0..len) in the given form to out, each followed by a
 * space (a text starts with one, so every term of it stands between two). All of the text is read
 * (in pieces the tokenizer takes whole). 0, or -1 when memory ran out. */
int ai_search_index(struct ai_tokenizer *t, const char *text, size_t len, enum ai_search_form form,
                    struct buf *out);

/* Append an e-mail address as one term ("Ann@Example.com" -> "ann_example_com_ "),
 * besides the words it is made of, so a search for the address finds exactly its
 * owner's tickets. Nothing for an address that is not one or is too long for a term.
 * 0, or -1 when memory ran out. */
int ai_search_email(const char *email, struct buf *out);

/* The longest term: a stem of AI_TOK_MAX_CHARS characters (4 bytes each), the
 * padding, the note mark and a NUL. */
#define AI_SEARCH_TERM_BYTES (AI_TOK_MAX_CHARS * 4 + AI_SEARCH_TERM_MIN + 2)

/* What a search asks for. */
struct ai_search_query {
    long long ticket_id; /* "1234" or "#1234": that ticket first; 0 = not a number */
    int nwords;          /* distinct words counted (at most AI_SEARCH_MAX_WORDS) */
    /* Each word's term (plain form): a text holds the word when it holds " term "
     * (or, for staff, " term" AI_SEARCH_NOTE_MARK " "). */
    char term[AI_SEARCH_MAX_WORDS][AI_SEARCH_TERM_BYTES];
};

/* q as a search: its distinct words (at most AI_SEARCH_MAX_WORDS, each required, in
 * any inflection) as terms in the plain form; function words are left out unless q
 * holds nothing else; an e-mail address is its one term. nwords is 0 when q holds no
 * word. 0, or -1 when memory ran out. */
int ai_search_query(struct ai_tokenizer *t, const char *q, struct ai_search_query *out);

/* One distinct term of a ticket's search text, in the plain form, and how often it
 * stands there where the customer reads it (hits) and in internal notes (note_hits). */
struct ai_search_posting {
    const char *term; /* into the text given: len bytes, not NUL-terminated */
    size_t len;
    unsigned hits, note_hits; /* each at most AI_SEARCH_HITS_MAX */
};
#define AI_SEARCH_HITS_MAX 65535u

/* The postings of text[0..len) (terms as ai_search_index writes them: each followed
 * by a space): *out gets an arena array of *n, sorted by term, each term once. 0, or
 * -1 when memory ran out. */
int ai_search_postings(struct arena *a, const char *text, size_t len,
                       struct ai_search_posting **out, int *n);

#endif
