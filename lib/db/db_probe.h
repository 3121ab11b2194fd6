/* db_probe: checks of a deployment's database account. */
#ifndef DESKPILOT_DB_DB_PROBE_H
#define DESKPILOT_DB_DB_PROBE_H

#include "core/err.h"

/* Whether the account may insert, update and delete (it leaves nothing behind). */
int db_probe_writes(struct app_err *err);

#endif
