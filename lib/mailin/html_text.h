/* html_text: the readable text of an HTML mail body, for a mail that has no
 * text/plain part. Not a browser: enough for a person and the classifier to read. */
#ifndef DESKPILOT_MAILIN_HTML_TEXT_H
#define DESKPILOT_MAILIN_HTML_TEXT_H

#include <stddef.h>

/* The text of html[0..len) (UTF-8 in, UTF-8 out) as a malloc'd string the caller
 * frees, its length in *out_len; NULL when memory ran out. Scripts, styles, the
 * head and comments are dropped; block elements and <br> end lines, paragraphs and
 * headings leave a blank line, list items start with "- ", cells are separated by
 * a space; runs of white space collapse (not inside <pre>); character references
 * are decoded (numeric ones and the common named ones; an unknown one stays as it
 * is); <blockquote> lines start with "> ", so the quote cutter treats them as the
 * quoted history they are. */
char *html_text(const char *html, size_t len, size_t *out_len);

#endif
