/* db_intents: the intent catalogue and its examples. */
#ifndef DESKPILOT_DB_INTENTS_H
#define DESKPILOT_DB_INTENTS_H

#include <stdbool.h>

#include "core/err.h"

/* Whether an intent of this name exists. */
int db_intents_exists(const char *name, bool *exists, struct app_err *err);

#endif
