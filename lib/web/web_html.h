/* web_html: small HTML/URL builders for values that end up in links. */
#ifndef DESKPILOT_WEB_HTML_H
#define DESKPILOT_WEB_HTML_H

#include "core/arena.h"

/* path + "?k1=v1&k2=v2..." from NULL-terminated (key, value) pairs, every key and
 * value percent-escaped (html_url_arg); pairs whose value is NULL or "" are left
 * out. path is copied as is (a local path the caller chose). The result is in the
 * arena; NULL when out of memory. */
char *web_url(struct arena *a, const char *path, ...) __attribute__((sentinel));

#endif
