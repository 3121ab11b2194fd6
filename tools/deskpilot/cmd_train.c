/* cmd_train: `deskpilot train` — rebuild the model; running workers switch to it by themselves. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "db/db.h"
#include "pipeline/trainer.h"

int cmd_train(int argc, char **argv)
{
    if (cli_parse(argc, argv, 1, NULL, 0, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot train\n");
        return 2;
    }
    if (cli_setup("train", 0))
        return 2;
    struct app_err err;
    err_clear(&err);
    struct train_summary s;
    int rc = trainer_run(g_config.model_path, 0, &s, &err);
    db_close();
    if (rc)
        return cli_fail("train", &err);
    printf("model %lld: %lld intents, %lld examples, %lld resolved tickets, %lld ms -> %s\n",
           s.version, s.intents, s.examples, s.tickets, s.train_ms, g_config.model_path);
    return 0;
}
