/* db_sla: SQL for sla_calendar, sla_policies and the SLA columns of tickets. */
#include "db/db_sla.h"

#include "db/db.h"
#include "db/db_generation.h"
#include "db/db_rows.h"

struct calendar_row {
    const char *time_zone, *hours;
};

int db_sla_load(struct arena *a, const char **time_zone, const char **hours,
                struct sla_policy_row *policies, int max, int *n, struct app_err *err)
{
    static const struct db_col cal_cols[] = {DBC(DBC_STR, struct calendar_row, time_zone),
                                             DBC(DBC_STR, struct calendar_row, hours)};
    static const struct db_layout cal_layout = DB_LAYOUT(struct calendar_row, cal_cols);
    static const struct db_col pol_cols[] = {
        DBC(DBC_STR, struct sla_policy_row, priority),
        DBC(DBC_LL, struct sla_policy_row, first_response_minutes),
        DBC(DBC_LL, struct sla_policy_row, resolution_minutes),
    };
    static const struct db_layout pol_layout = DB_LAYOUT(struct sla_policy_row, pol_cols);
    struct calendar_row cal = {"UTC", "mon-fri 09:00-17:00"};
    int k = 0;
    *n = 0;
    if (db_select(a, "SELECT time_zone, hours FROM sla_calendar WHERE id = 1", DB_NO_PARAMS,
                  &cal_layout, 1, &cal, NULL, &k, err) ||
        db_select(a,
                  "SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies",
                  DB_NO_PARAMS, &pol_layout, max, policies, NULL, n, err))
        return -1;
    *time_zone = cal.time_zone;
    *hours = cal.hours;
    return 0;
}

int db_sla_store_calendar(const char *time_zone, const char *hours, struct app_err *err)
{
    return db_generation_bump(err) ||
                   db_exec("INSERT INTO sla_calendar (id, time_zone, hours) VALUES (1, ?, ?) "
                           "ON DUPLICATE KEY UPDATE time_zone = VALUES(time_zone), "
                           "hours = VALUES(hours)",
                           DB_PARAMS(DBP_STR(time_zone), DBP_STR(hours)), NULL, NULL, err)
               ? -1
               : 0;
}

int db_sla_store_policy(const char *priority, long long first_response_minutes,
                        long long resolution_minutes, struct app_err *err)
{
    return db_generation_bump(err) ||
                   db_exec("INSERT INTO sla_policies (priority, first_response_minutes, "
                           "resolution_minutes) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                           "first_response_minutes = VALUES(first_response_minutes), "
                           "resolution_minutes = VALUES(resolution_minutes)",
                           DB_PARAMS(DBP_STR(priority), db_param_id(first_response_minutes),
                                     db_param_id(resolution_minutes)),
                           NULL, NULL, err)
               ? -1
               : 0;
}

int db_sla_set_due(long long ticket_id, const char *first_response_due, const char *resolution_due,
                   struct app_err *err)
{
    return db_exec(
        "UPDATE tickets SET first_response_due_at = ?, resolution_due_at = ? WHERE id = ?",
        DB_PARAMS(DBP_STR(first_response_due), DBP_STR(resolution_due), DBP_INT(ticket_id)), NULL,
        NULL, err);
}

int db_sla_pause(long long ticket_id, struct app_err *err)
{
    return db_exec("UPDATE tickets SET sla_paused_at = COALESCE(sla_paused_at, UTC_TIMESTAMP()) "
                   "WHERE id = ?",
                   DB_PARAMS(DBP_INT(ticket_id)), NULL, NULL, err);
}

int db_sla_settle(long long ticket_id, long long seconds, bool still_stopped,
                  const char *resolution_due, struct app_err *err)
{
    return db_exec("UPDATE tickets SET sla_paused_at = IF(?, UTC_TIMESTAMP(), NULL), "
                   "sla_paused_seconds = LEAST(sla_paused_seconds + ?, 4000000000), "
                   "resolution_due_at = ? WHERE id = ?",
                   DB_PARAMS(DBP_INT(still_stopped), DBP_INT(seconds), DBP_STR(resolution_due),
                             DBP_INT(ticket_id)),
                   NULL, NULL, err);
}
