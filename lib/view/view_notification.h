/* view_notification: JSON for a user's notifications and their choices. */
#ifndef DESKPILOT_VIEW_VIEW_NOTIFICATION_H
#define DESKPILOT_VIEW_VIEW_NOTIFICATION_H

#include "core/arena.h"
#include "core/identity.h"
#include "db/db_notifications.h"

struct json_object;

/* {"id", "ticket_id", "kind", "text", "subject", "url", "created_at", "read_at"};
 * url is where it leads for who. NULL when out of memory. */
struct json_object *view_notification(struct arena *a, const struct principal *who,
                                      const struct notification_row *r);
/* {"new_tickets", "assigned", "by_mail"}. */
struct json_object *view_notification_prefs(struct arena *a, const struct notification_prefs *p);

#endif
