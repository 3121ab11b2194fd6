/* cmd_migrate: `deskpilot migrate` — apply pending migrations. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_migrate.h"

int cmd_migrate(int argc, char **argv)
{
    if (cli_parse(argc, argv, 1, NULL, 0, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot migrate\n");
        return 2;
    }
    if (cli_setup("migrate", 0))
        return 2;
    struct app_err err;
    err_clear(&err);
    int applied = 0;
    int rc = db_migrate(g_config.migrations_dir, &applied, &err);
    db_close();
    if (rc)
        return cli_fail("migrate", &err);
    printf("migrations: %d applied\n", applied);
    return 0;
}
