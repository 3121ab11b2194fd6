/* pending: commands whose real implementation lands with a later file (weak fallbacks). */
#include <stdio.h>

#include "commands.h"

#define PENDING(fn, name)                                                                      \
    __attribute__((weak)) int fn(int argc, char **argv)                                        \
    {                                                                                          \
        (void)argc;                                                                            \
        (void)argv;                                                                            \
        fprintf(stderr, "deskpilot %s: not available in this build\n", name);                  \
        return 1;                                                                              \
    }

PENDING(cmd_eval, "eval")
PENDING(cmd_bench, "bench")
PENDING(cmd_train, "train")
PENDING(cmd_import, "import")
