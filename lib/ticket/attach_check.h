/* attach_check: what a file must be to become an attachment — a name we can show and
 * send back, a type on the allow-list that its declared type, its extension and its
 * content (libmagic) all agree on, and, for an image, a file that is that image
 * through to its last byte (attach_image). The one place these rules live. */
#ifndef DESKPILOT_TICKET_ATTACH_CHECK_H
#define DESKPILOT_TICKET_ATTACH_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

#define ATTACH_NAME_MAX 255 /* characters of a file name */

struct attach_verdict {
    const char *name;         /* sanitised (arena) */
    const char *content_type; /* the allow-listed type (static) */
    bool image;               /* re-checked image: may be shown as a thumbnail */
    unsigned width, height;   /* images only */
};

/* The allow-list as "image/png, …" (static), for messages and docs. */
const char *attach_allowed_types(void);

/* Check one file (field: the form field, for the 422). filename as sent (NULL or
 * empty: refused), declared its Content-Type (NULL: refused), d[0..len) its bytes
 * (empty: refused). 422 naming field with the reason when the name is unusable, the
 * extension or the declared type is not allowed, libmagic sees another type in the
 * content, or an image does not verify; 503 when libmagic cannot be loaded. */
int attach_check(struct arena *a, const char *field, const char *filename, const char *declared,
                 const unsigned char *d, size_t len, struct attach_verdict *v, struct app_err *err);

/* The file's name as RFC 6266's filename*=UTF-8''… (percent-encoded, arena); NULL
 * when out of memory. */
char *attach_disposition(struct arena *a, const char *name);

#endif
