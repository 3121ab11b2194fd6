/* page: a page of a list as the API answers it. */
#ifndef DESKPILOT_HTTP_PAGE_H
#define DESKPILOT_HTTP_PAGE_H

#include "core/paging.h"

struct json_object;

/* {"items": items, "next_cursor": next or null} (takes ownership of items). */
struct json_object *page_json(struct json_object *items, const char *next_cursor);

#endif
