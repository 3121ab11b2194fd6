/* model_dist: a model built on one app host reaches every other through the database —
 * stored as chunks with its SHA-256 in the transaction that records its version,
 * fetched, verified and renamed into place by a host whose file is older. */
#ifndef DESKPILOT_PIPELINE_MODEL_DIST_H
#define DESKPILOT_PIPELINE_MODEL_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/digest.h"
#include "core/err.h"

/* A chunk stays far under any server's max_allowed_packet (16 MiB by default, 1 MiB
 * on old MySQL). */
#define MODEL_CHUNK_BYTES ((size_t)512 << 10)
/* Versions whose chunks are kept (the newest ones): what a rollback could go back to. */
#define MODEL_KEEP_VERSIONS 3
/* A stored model larger than this is refused (the backup's bound too). */
#define MODEL_MAX_BYTES (512LL << 20)

/* model_dist_fetch: the stored bytes are not the recorded model (checksum or size
 * differ, a chunk missing); err says which. */
#define MODEL_DIST_REFUSED (-2)

/* How many chunks a file of bytes is cut into. Pure. */
long long model_dist_nchunks(long long bytes);
/* Chunk seq's offset and length in a file of bytes (0 length past the end). Pure. */
void model_dist_chunk_span(long long bytes, long long seq, long long *offset, size_t *len);

/* The SHA-256 (hex) and size of the file at path. */
int model_dist_file_digest(const char *path, char sha256[DIGEST_HEX_LEN + 1], long long *bytes,
                           struct app_err *err);
/* Store the file at path as version's chunks, in the caller's transaction, after the
 * version's row (db_model_record), then drop the chunks of versions past the newest
 * MODEL_KEEP_VERSIONS. */
int model_dist_store(const char *path, long long version, struct app_err *err);
/* Fetch version into path: the chunks into a new file beside it, checked against the
 * recorded size and SHA-256, synced, renamed over path, the folder synced — readers
 * see the old file or the new one. 0, MODEL_DIST_REFUSED (nothing changed) or -1. */
int model_dist_fetch(const char *path, long long version, struct app_err *err);

/* After a restore, in its transaction: every stored chunk goes, and the model file at
 * path (NULL: none), whose version's row the restore brought back, is stored again
 * with its digest, for the other hosts to fetch. */
int model_dist_republish(const char *path, struct app_err *err);

/* The host-wide lock on the folder holding path (flock), so one process of a host
 * fetches or installs at a time: an fd to pass to model_dist_unlock, -2 when another
 * holds it and wait is false, -1 when the folder cannot be opened. */
int model_dist_lock(const char *path, bool wait);
void model_dist_unlock(int fd);
/* Rename tmp over path and sync the folder. */
int model_dist_install(const char *tmp, const char *path, struct app_err *err);

#endif
