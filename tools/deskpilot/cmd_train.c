/* cmd_train: `deskpilot train` — rebuild the model; running workers switch to it by themselves. */
#include <stdio.h>

#include "ai/model.h"
#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_model.h"
#include "pipeline/model_dist.h"
#include "pipeline/trainer.h"

/* True when the model file opens: present, whole, and of this build's format. A file
 * of an older format is refused by the workers, so after an upgrade it must be rebuilt. */
static bool model_usable(const char *path)
{
    struct ai_model *m = NULL;
    char msg[256];
    if (ai_model_open(path, &m, msg, sizeof msg) != 0)
        return false;
    ai_model_close(m);
    return true;
}

/* Another app host of the cluster trained already: fetch the newest stored model
 * rather than build one more. True when the file at path is now that model. */
static bool fetched(const char *path, struct app_err *err)
{
    long long newest = 0;
    if (db_model_latest(&newest, err) || newest <= 0)
        return false;
    int lock = model_dist_lock(path, true);
    int rc = model_dist_fetch(path, newest, err);
    model_dist_unlock(lock);
    if (rc || !model_usable(path)) {
        if (rc)
            fprintf(stderr, "deskpilot train: model %lld not fetched (%s): building one\n", newest,
                    err->internal[0] ? err->internal : err->detail);
        return false;
    }
    printf("model %lld fetched from the database -> %s\n", newest, path);
    return true;
}

int cmd_train(int argc, char **argv)
{
    bool if_needed = false;
    const struct cli_opt opts[] = {{"--if-needed", CLI_FLAG, &if_needed, 0, 0}};
    if (cli_parse(argc, argv, 1, opts, 1, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot train [--if-needed]   (--if-needed: only when the model "
                        "file is missing, damaged or of an older format)\n");
        return 2;
    }
    if (cli_setup("train", 0))
        return 2;
    if (if_needed && model_usable(g_config.model_path)) {
        printf("model %s is usable: not rebuilt\n", g_config.model_path);
        return 0;
    }
    struct app_err err;
    err_clear(&err);
    if (if_needed && fetched(g_config.model_path, &err)) {
        db_close();
        return 0;
    }
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
