/* db_mail_inbound: the messages taken from the mail (sql/013), one row per key. */
#ifndef DESKPILOT_DB_MAIL_INBOUND_H
#define DESKPILOT_DB_MAIL_INBOUND_H

#include <stdbool.h>

#include "core/err.h"

/* Whether a message with this key was stored already (*ticket_id: what it became). */
int db_mail_inbound_find(const char *key, bool *found, long long *ticket_id, struct app_err *err);
/* Record the message inside the transaction that stored it (message_id 0: it
 * became the ticket; automatic NULL: a person wrote it). DB_DUPLICATE when the key
 * is there already (err unset), else 0 / -1. */
int db_mail_inbound_claim(const char *key, long long ticket_id, long long message_id,
                          const char *sender, const char *automatic, struct app_err *err);

#endif
