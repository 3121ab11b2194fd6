/* db_mail_inbound: SQL for mail_inbound. */
#include "db/db_mail_inbound.h"

#include "db/db.h"

int db_mail_inbound_find(const char *key, bool *found, long long *ticket_id, struct app_err *err)
{
    long long id = 0;
    *found = false;
    if (db_query("SELECT ticket_id FROM mail_inbound WHERE mail_key = ?", DB_PARAMS(DBP_STR(key)),
                 db_row_first_ll, &id, err))
        return -1;
    *found = id > 0;
    *ticket_id = id;
    return 0;
}

int db_mail_inbound_claim(const char *key, long long ticket_id, long long message_id,
                          const char *sender, const char *automatic, struct app_err *err)
{
    return db_exec("INSERT INTO mail_inbound (mail_key, ticket_id, message_id, sender, automatic) "
                   "VALUES (?, ?, ?, ?, ?)",
                   DB_PARAMS(DBP_STR(key), DBP_INT(ticket_id), db_param_id(message_id),
                             DBP_STR(sender), DBP_STR(automatic)),
                   NULL, NULL, err);
}
