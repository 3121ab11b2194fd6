/* db_idempotency: claims, look-ups and pruning of Idempotency-Keys. */
#include "db/db_idempotency.h"

#include "db/db.h"
#include "db/db_rows.h"

#define EXPIRED "created_at < UTC_TIMESTAMP() - INTERVAL 24 HOUR"
_Static_assert(IDEMPOTENCY_HOURS == 24, "EXPIRED says 24 HOUR");

int db_idempotency_claim(long long user_id, const char *key, const char *request, size_t len,
                         long long ticket_id, long long message_id, long long *row_id,
                         struct app_err *err)
{
    for (int attempt = 0;; attempt++) {
        unsigned long long id = 0;
        int rc = db_exec("INSERT INTO idempotency_keys "
                         "(user_id, idem_key, fingerprint, ticket_id, message_id, created_at) "
                         "VALUES (?, ?, UNHEX(SHA2(?, 256)), ?, ?, UTC_TIMESTAMP())",
                         DB_PARAMS(DBP_INT(user_id), DBP_STR(key), DBP_STRN(request, len),
                                   DBP_INT(ticket_id), db_param_id(message_id)),
                         NULL, &id, err);
        *row_id = (long long)id;
        if (rc != DB_DUPLICATE || attempt > 0)
            return rc;
        /* Taken: by an expired claim, replace it (the one retry); else a repeat. */
        unsigned long long gone = 0;
        if (db_exec("DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND " EXPIRED,
                    DB_PARAMS(DBP_INT(user_id), DBP_STR(key)), &gone, NULL, err))
            return -1;
        if (!gone)
            return DB_DUPLICATE;
    }
}

struct claim_row {
    long long ticket_id, message_id;
    bool same, live;
};
static const struct db_col claim_cols[] = {
    DBC(DBC_LL, struct claim_row, ticket_id),
    DBC(DBC_LL, struct claim_row, message_id),
    DBC(DBC_BOOL, struct claim_row, same),
    DBC(DBC_BOOL, struct claim_row, live),
};
static const struct db_layout claim_layout = DB_LAYOUT(struct claim_row, claim_cols);

int db_idempotency_find(long long user_id, const char *key, const char *request, size_t len,
                        bool *found, bool *same, long long *ticket_id, long long *message_id,
                        struct app_err *err)
{
    struct claim_row row = {0};
    int n = 0;
    int rc = db_select(NULL,
                       "SELECT ticket_id, message_id, fingerprint = UNHEX(SHA2(?, 256)), "
                       "NOT " EXPIRED " FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
                       DB_PARAMS(DBP_STRN(request, len), DBP_INT(user_id), DBP_STR(key)),
                       &claim_layout, 1, &row, NULL, &n, err);
    *found = rc == 0 && n == 1 && row.live;
    *same = row.same;
    *ticket_id = row.ticket_id;
    *message_id = row.message_id;
    return rc;
}

int db_idempotency_prune(struct app_err *err)
{
    return db_exec("DELETE FROM idempotency_keys WHERE " EXPIRED " LIMIT 500", DB_NO_PARAMS, NULL,
                   NULL, err);
}
