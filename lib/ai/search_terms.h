/* search_terms: the words of a ticket as the terms a FULLTEXT index holds, and a
 * search typed by a person as the boolean expression that finds them. */
#ifndef DESKPILOT_AI_SEARCH_TERMS_H
#define DESKPILOT_AI_SEARCH_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "ai/tokenize.h"
#include "core/buf.h"

/* A term is a word's English stem (the classifier's tokenizer: "refunds" and
 * "refund" are both "refund") followed by '_' and padded with '_' to at least
 * AI_SEARCH_TERM_MIN characters, so that no term is one of the server's stopwords
 * ("com", "the") and none is shorter than its innodb_ft_min_token_size (3 stock):
 * "PC" is indexed as "pc__". A word of an internal note gets AI_SEARCH_NOTE_MARK
 * after that ("pc__i"), so a customer's search, which asks only for the plain form,
 * cannot find a ticket by what staff wrote among themselves. */
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
 * padding, the note mark and a NUL. The server indexes words of up to 84 characters. */
#define AI_SEARCH_TERM_BYTES (AI_TOK_MAX_CHARS * 4 + AI_SEARCH_TERM_MIN + 2)

/* What a search asks for. */
struct ai_search_query {
    long long ticket_id; /* "1234" or "#1234": that ticket first; 0 = not a number */
    int nwords;          /* distinct words counted (at most AI_SEARCH_MAX_WORDS) */
    /* Each word's term (plain form), as in match: a text holds the word when it holds
     * " term " (or, for staff, " term" AI_SEARCH_NOTE_MARK " "). */
    char term[AI_SEARCH_MAX_WORDS][AI_SEARCH_TERM_BYTES];
};

/* Append one required word to a boolean-mode expression: "+term", or for staff
 * "+(term termi)" (notes count). 0, or -1 when memory ran out. */
int ai_search_match(const char *term, bool staff, struct buf *match);

/* Turn q into a boolean-mode expression in match ("+refund_ +late_"; for staff
 * "+(refund_ refund_i) ..." so notes count too): every word is required, in any
 * inflection; function words are left out unless q holds nothing else; an e-mail
 * address is its one term. match stays empty when q holds no word. 0, or -1 when
 * memory ran out. */
int ai_search_query(struct ai_tokenizer *t, const char *q, bool staff, struct buf *match,
                    struct ai_search_query *out);

#endif
