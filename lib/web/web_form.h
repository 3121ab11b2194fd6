/* web_form: urlencoded form bodies as key/value pairs, and as JSON for validate_json. */
#ifndef DESKPILOT_WEB_FORM_H
#define DESKPILOT_WEB_FORM_H

#include <stddef.h>

#include "core/err.h"
#include "http/multipart.h"
#include "http/request.h"
#include "ticket/ticket_attach.h"

struct json_object;

#define WEB_FORM_MAX 128 /* fields in one form (the queue's bulk form: 100 ids); more is 400 */

#define WEB_FORM_FILES 24 /* files in one multipart form (beyond any attachment limit) */

struct web_form {
    struct kv kv[WEB_FORM_MAX]; /* decoded; strings borrowed until the request ends */
    size_t n;
    struct multipart_part files[WEB_FORM_FILES]; /* a multipart form's chosen files */
    size_t nfiles;
};

/* Parse req->body: application/x-www-form-urlencoded, or multipart/form-data on an
 * RF_UPLOAD route (its text fields as kv, its files — parts with a file name that
 * are not an empty, unchosen file input — in files); none = empty form. 400 for a
 * bad escape, %00, a malformed multipart body or too many fields or files; 503 when
 * out of memory. */
int web_form_parse(struct request *req, struct web_form *f, struct app_err *err);
/* The files of form field name as an attach_set for ticket_attach_check (arena). */
int web_form_files(struct arena *a, const struct web_form *f, const char *name,
                   struct attach_set *set, struct app_err *err);
/* The first value of field name, or NULL when absent. */
const char *web_form_get(const struct web_form *f, const char *name);
/* A JSON object holding the named fields that are present, as strings (names is
 * NULL-terminated), so a field_spec table can check them with validate_json.
 * Owned by a; NULL when out of memory. */
struct json_object *web_form_json(struct arena *a, const struct web_form *f,
                                  const char *const *names);
/* {"field": "message", ...} from err's field errors (for {{errors.field}} in a
 * template); an empty object when there are none. Owned by a; NULL on no memory. */
struct json_object *web_form_errors(struct arena *a, const struct app_err *err);

#endif
