/* web_attach: sending an attachment back (the API and the pages answer the same way)
 * and the pages' list of a ticket's files with thumbnails for verified images. */
#ifndef DESKPILOT_WEB_WEB_ATTACH_H
#define DESKPILOT_WEB_WEB_ATTACH_H

#include "core/err.h"
#include "http/request.h"
#include "http/response.h"
#include "ticket/ticket_attach.h"
#include "json/jbuild.h"

struct json_object;

#define WEB_THUMB_SIDE 160 /* CSS pixels of a thumbnail's longer side */

/* Answer attachment public_id of ticket ticket_id (0: any) if req->user may see it
 * (404 otherwise, like a missing one): its bytes with its allow-listed type,
 * Content-Disposition: attachment (RFC 6266 filename*), X-Content-Type-Options:
 * nosniff, Content-Security-Policy: default-src 'none'; sandbox and
 * Cache-Control: private — so no browser runs or renders it as a page of ours. */
int web_attachment_send(struct request *req, struct response *res, long long ticket_id,
                        const char *public_id, struct app_err *err);

/* [{"name","size_text","url","is_image","thumb_width","thumb_height","message_id"}]
 * for the pages: url under /files/, a thumbnail's size within WEB_THUMB_SIDE.
 * Owned by a; NULL when out of memory. */
struct json_object *web_attachments_json(struct arena *a, const struct attachment *at, int n);

/* Add the files of ticket t (as JSON from web_ticket_json, extended in place) for
 * viewer: "files"/"has_files" on the ticket (its own files) and on every message
 * (that message's; empty when none, so a message never shows its ticket's). */
int web_ticket_files(struct arena *a, const struct principal *viewer, struct json_object *t,
                     long long ticket_id, struct app_err *err);

/* {"attach_hint": "Up to 5 files of 10 MB each: …"} for an upload field, into d. */
int web_attach_hint(struct jbuild *d, struct arena *a, struct app_err *err);

#endif
