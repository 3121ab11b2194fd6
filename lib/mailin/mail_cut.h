/* mail_cut: the new words of a reply — quoted history and the signature cut away,
 * so agents and the classifier read what the customer wrote now. */
#ifndef DESKPILOT_MAILIN_MAIL_CUT_H
#define DESKPILOT_MAILIN_MAIL_CUT_H

#include <stddef.h>

/* Cut text[0..len) (lines end in "\n") in place and return its new length (the
 * text stays NUL-terminated when it was). Removed:
 *   - lines starting with ">" (quoted, at any depth), and the attribution line
 *     before them: "On <date>, <name> wrote:" (also wrapped over two lines, and the
 *     German "Am ... schrieb ...:", French "Le ... a écrit :");
 *   - everything from a line "-----Original Message-----", an Outlook separator
 *     line of underscores, or an Outlook header block ("From:" followed within
 *     four lines by "Sent:" or "Date:" and then "To:" or "Subject:");
 *   - everything from a signature separator line "-- " (or "--");
 *   - blank lines at either end, and runs of more than one blank line.
 * May return 0 when nothing new is left (the caller keeps the uncut text then). */
size_t mail_cut_reply(char *text, size_t len);

#endif
