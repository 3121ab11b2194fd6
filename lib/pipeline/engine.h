/* engine: the worker's AI state — the mapped model, its delta of newer solutions and
 * the query scratch — kept current without restarts. */
#ifndef DESKPILOT_PIPELINE_ENGINE_H
#define DESKPILOT_PIPELINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ai/model.h"
#include "core/err.h"

/* Process-lifetime state of one worker (workers are single-threaded). */
struct engine {
    struct ai_model *model; /* NULL until a model file exists */
    struct ai_delta *delta; /* solutions newer than the model's watermark */
    struct ai_session *session;
    long long watermark;  /* last solutions.id covered by model + delta */
    long long generation; /* the cache generation the delta was brought up to (0: never) */
    long long *retracted; /* tickets whose resolution was withdrawn since the model */
    size_t nretracted, capretracted;
    char path[512];
    char keep[520]; /* the verified copy served from, also the last good model (path.good) */
    struct ai_model_stamp seen; /* the file at path last settled: loaded, or refused */
    bool tried;                 /* seen is set */
    long long refused;          /* a version whose stored copy was refused: not fetched again */
};

/* Set up for the model at path (a missing file is not an error: the worker
 * answers without AI until one is trained). 0 or -1 (out of memory). */
int engine_init(struct engine *e, const char *path);
void engine_cleanup(struct engine *e);
/* Before a query: reopen the model when its file changed (a retrain, or a write
 * in place: one stat); when the newest version in the database (newest, read with the
 * generation) is past the one served, fetch it into the file first (model_dist: one
 * process of the host at a time, checked against its SHA-256; a refused or failed
 * fetch is logged and the old model kept); then, when the cache generation moved past the one the
 * delta has seen (a new or withdrawn solution bumps it), add solutions newer than
 * the watermark. A file that cannot be opened is logged once and the old model
 * kept; a worker with none yet falls back on the last good one (keep). 503 when
 * the database is down. */
int engine_refresh(struct engine *e, long long generation, long long newest, struct app_err *err);
/* True when ticket id's resolution was withdrawn (reopened) after the model was
 * built: its hits from the model's index must be ignored. */
bool engine_retracted(const struct engine *e, long long id);

#endif
