/* cmd_migrate: `deskpilot migrate` — apply pending migrations, then make searchable
 * the tickets a migration left without their search text (SQL cannot stem). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_migrate.h"
#include "ticket/ticket_search.h"

int cmd_migrate(int argc, char **argv)
{
    if (cli_parse(argc, argv, 1, NULL, 0, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot migrate\n");
        return 2;
    }
    if (cli_setup("migrate", 0))
        return 2;
    db_allow_long_statements();
    struct app_err err;
    err_clear(&err);
    int applied = 0;
    long long indexed = 0;
    int rc = db_migrate(g_config.migrations_dir, &applied, &err);
    if (rc == 0)
        printf("migrations: %d applied\n", applied);
    /* Texts the migrations left to make (sql/025 asks for all of them again). */
    if (rc == 0 && (rc = ticket_search_reindex(&indexed, &err)) == 0 && indexed > 0)
        printf("search: %lld tickets indexed\n", indexed);
    db_close();
    if (rc)
        return cli_fail("migrate", &err);
    return 0;
}
