/* model_dist: model files to and from the database, one chunk at a time. */
#include "pipeline/model_dist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ai/model.h"
#include "ai/status.h"
#include "core/arena.h"
#include "db/db_model.h"

long long model_dist_nchunks(long long bytes)
{
    return bytes <= 0 ? 0
                      : (bytes + (long long)MODEL_CHUNK_BYTES - 1) / (long long)MODEL_CHUNK_BYTES;
}

void model_dist_chunk_span(long long bytes, long long seq, long long *offset, size_t *len)
{
    *offset = seq * (long long)MODEL_CHUNK_BYTES;
    long long left = seq < 0 || *offset >= bytes ? 0 : bytes - *offset;
    *len = left > (long long)MODEL_CHUNK_BYTES ? MODEL_CHUNK_BYTES : (size_t)left;
}

/* The folder of path, in out (PATH_MAX-sized). */
static void folder_of(const char *path, char *out, size_t outlen)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, outlen, ".");
    else if (slash == path)
        snprintf(out, outlen, "/");
    else
        snprintf(out, outlen, "%.*s", (int)(slash - path), path);
}

int model_dist_lock(const char *path, bool wait)
{
    char dir[4096];
    folder_of(path, dir, sizeof dir);
    /* The folder itself: every process that may write the model can open it, whoever
     * created what inside. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        int busy = errno == EWOULDBLOCK;
        close(fd);
        return busy ? -2 : -1;
    }
    return fd;
}

void model_dist_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}

int model_dist_install(const char *tmp, const char *path, struct app_err *err)
{
    if (rename(tmp, path) != 0)
        return err_internal(err, "%s: %s", path, strerror(errno));
    char dir[4096];
    folder_of(path, dir, sizeof dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    /* The rename is durable once the folder is: a crash then finds the new file. */
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return err_internal(err, "%s: syncing the folder: %s", dir, strerror(e));
    }
    close(fd);
    return 0;
}

int model_dist_file_digest(const char *path, char sha256[DIGEST_HEX_LEN + 1], long long *bytes,
                           struct app_err *err)
{
    sha256[0] = '\0';
    *bytes = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_internal(err, "%s: %s", path, strerror(errno));
    unsigned char *buf = malloc(MODEL_CHUNK_BYTES);
    struct digest d = {0};
    int rc = !buf || digest_begin(&d) ? err_unavailable(err, "out of memory") : 0;
    for (ssize_t n; rc == 0 && (n = read(fd, buf, MODEL_CHUNK_BYTES)) != 0;) {
        if (n < 0)
            rc = err_internal(err, "%s: %s", path, strerror(errno));
        else if (digest_add(&d, buf, (size_t)n))
            rc = err_unavailable(err, "out of memory");
        else if ((*bytes += n) > MODEL_MAX_BYTES)
            rc = err_internal(err, "%s: larger than a model", path);
    }
    if (rc == 0 && digest_end(&d, sha256))
        rc = err_unavailable(err, "out of memory");
    digest_cleanup(&d);
    free(buf);
    close(fd);
    return rc;
}

int model_dist_store(const char *path, long long version, struct app_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_internal(err, "%s: %s", path, strerror(errno));
    unsigned char *buf = malloc(MODEL_CHUNK_BYTES);
    int rc = buf ? 0 : err_unavailable(err, "out of memory");
    for (long long seq = 0; rc == 0; seq++) {
        size_t have = 0;
        ssize_t n = 1;
        while (have < MODEL_CHUNK_BYTES && (n = read(fd, buf + have, MODEL_CHUNK_BYTES - have)) > 0)
            have += (size_t)n;
        if (n < 0)
            rc = err_internal(err, "%s: %s", path, strerror(errno));
        else if (have == 0)
            break;
        else
            rc = db_model_put_chunk(version, seq, buf, have, err);
    }
    free(buf);
    close(fd);
    return rc ? rc : db_model_prune(MODEL_KEEP_VERSIONS, err);
}

int model_dist_republish(const char *path, struct app_err *err)
{
    if (!path)
        return db_model_republish(0, NULL, 0, err);
    uint64_t version = 0;
    char sha[DIGEST_HEX_LEN + 1];
    long long bytes = 0;
    if (ai_model_peek_version(path, &version) != AI_OK)
        return err_set(err, ERR_VALIDATION, "the model in the backup is damaged");
    return model_dist_file_digest(path, sha, &bytes, err) ||
                   db_model_republish((long long)version, sha, bytes, err) ||
                   model_dist_store(path, (long long)version, err)
               ? -1
               : 0;
}

struct sink {
    int fd;
    struct digest d;
    long long bytes;
    const char *tmp;
};

static int write_chunk(void *ctx, const char *data, size_t len, struct app_err *err)
{
    struct sink *s = ctx;
    if (len == 0 || len > MODEL_CHUNK_BYTES)
        return err_internal(err, "a stored chunk of %zu bytes", len);
    if (digest_add(&s->d, data, len))
        return err_unavailable(err, "out of memory");
    for (size_t done = 0; done < len;) {
        ssize_t n = write(s->fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return err_internal(err, "%s: %s", s->tmp, strerror(errno));
        done += (size_t)n;
    }
    s->bytes += (long long)len;
    return 0;
}

/* Every chunk of version into s, then the checks: MODEL_DIST_REFUSED when the bytes
 * are not the recorded ones. */
static int fetch_into(struct sink *s, long long version, const char *want, long long bytes,
                      struct app_err *err)
{
    long long n = model_dist_nchunks(bytes);
    for (long long seq = 0; seq < n; seq++) {
        bool found = false;
        if (db_model_chunk(version, seq, write_chunk, s, &found, err))
            return -1;
        if (!found) {
            err_internal(err, "model %lld: chunk %lld of %lld is missing", version, seq, n);
            return MODEL_DIST_REFUSED;
        }
    }
    char got[DIGEST_HEX_LEN + 1];
    if (digest_end(&s->d, got))
        return err_unavailable(err, "out of memory");
    if (s->bytes != bytes || !digest_equal(got, want)) {
        err_internal(err,
                     "model %lld: the stored bytes (%lld, sha256 %s) are not the "
                     "recorded model (%lld, sha256 %s)",
                     version, s->bytes, got, bytes, want);
        return MODEL_DIST_REFUSED;
    }
    if (fsync(s->fd) != 0)
        return err_internal(err, "%s: %s", s->tmp, strerror(errno));
    return 0;
}

int model_dist_fetch(const char *path, long long version, struct app_err *err)
{
    struct arena a;
    arena_init(&a, 4096);
    char *want = NULL;
    long long bytes = 0;
    bool found = false;
    int rc = db_model_digest(&a, version, &want, &bytes, &found, err);
    if (rc == 0 && (!found || bytes <= 0 || bytes > MODEL_MAX_BYTES)) {
        err_internal(err, "model %lld: no stored copy to fetch", version);
        rc = MODEL_DIST_REFUSED;
    }
    char tmp[4096];
    struct sink s = {.fd = -1, .tmp = tmp};
    if (rc == 0 && snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        rc = err_internal(err, "%s: path too long", path);
    /* mkstemp: a new name nobody could have planted a link at, mode 0600. */
    if (rc == 0 && (s.fd = mkstemp(tmp)) < 0)
        rc = err_internal(err, "%s: %s", tmp, strerror(errno));
    if (rc == 0 && digest_begin(&s.d))
        rc = err_unavailable(err, "out of memory");
    if (rc == 0)
        rc = fetch_into(&s, version, want, bytes, err);
    digest_cleanup(&s.d);
    if (s.fd >= 0 && close(s.fd) != 0 && rc == 0)
        rc = err_internal(err, "%s: %s", tmp, strerror(errno));
    if (rc == 0)
        rc = model_dist_install(tmp, path, err);
    if (rc != 0 && s.fd >= 0)
        unlink(tmp); /* gone already when the rename was done */
    arena_cleanup(&a);
    return rc;
}
