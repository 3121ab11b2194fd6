/* db_migrate: applies the numbered SQL files of the migrations folder, once each, in order. */
#ifndef DESKPILOT_DB_MIGRATE_H
#define DESKPILOT_DB_MIGRATE_H

#include "core/err.h"

/* Apply every NNN_name.sql in dir not yet in schema_migrations, in number order,
 * under a named lock so two runners never interleave. *applied counts the new ones.
 * A failing file stops the run; it is not recorded and is retried next time. */
int db_migrate(const char *dir, int *applied, struct app_err *err);
/* How many migration files of dir the database has not applied yet. */
int db_migrate_pending(const char *dir, int *pending, struct app_err *err);

#endif
