/* db_intents: SQL for intents and intent_examples. */
#include "db/db_intents.h"

#include "db/db.h"

int db_intents_exists(const char *name, bool *exists, struct app_err *err)
{
    long long n = 0;
    int rc = db_query("SELECT COUNT(*) FROM intents WHERE name = ?",
                      (struct db_param[]){DBP_STR(name)}, 1, db_row_first_ll, &n, err);
    *exists = n > 0;
    return rc;
}
