/* mail_ref: scanning headers for our ticket references. */
#include "mailin/mail_ref.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define REF_MAX_DIGITS 12

/* Digits at s ending where end says (a char that must follow), as an id, or 0. */
static long long digits(const char *s, char end)
{
    long long v = 0;
    int n = 0;
    for (; isdigit((unsigned char)*s); s++) {
        if (++n > REF_MAX_DIGITS)
            return 0;
        v = v * 10 + (*s - '0');
    }
    return n > 0 && *s == end ? v : 0;
}

/* The id of the last (newest: References lists oldest first) "<deskpilot.N." in s. */
static long long last_message_id(const char *s)
{
    static const char prefix[] = "<deskpilot.";
    long long found = 0;
    for (const char *p = s; p && *p; p++)
        if (strncasecmp(p, prefix, sizeof prefix - 1) == 0) {
            long long id = digits(p + sizeof prefix - 1, '.');
            if (id > 0)
                found = id;
        }
    return found;
}

static long long subject_tag(const char *s)
{
    for (const char *p = s; p && (p = strstr(p, "[#")); p += 2) {
        long long id = digits(p + 2, ']');
        if (id > 0)
            return id;
    }
    return 0;
}

long long mail_ref_ticket(const char *subject, const char *in_reply_to, const char *references)
{
    long long id = last_message_id(in_reply_to);
    if (!id)
        id = last_message_id(references);
    if (!id)
        id = subject_tag(subject);
    return id;
}
