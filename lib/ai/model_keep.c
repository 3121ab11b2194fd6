/* model_keep: a server's model, read (never mapped) from the file an
 * administrator or trainer may write over, and served from a verified copy
 * beside it that only this code writes, by rename. A mapping of the live file
 * faults (SIGBUS) when it is truncated under the worker, and a write in place
 * changes bytes under pointers that were validated: neither can reach the copy. */
#include "ai/model_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ai/status.h"

#define PATH_MAX_KEEP 1024

/* Read exactly len bytes at offset off; false on a short read (the file
 * shrank under us) or an error. */
static bool read_at(int fd, void *p, size_t len, off_t off)
{
    unsigned char *q = p;
    while (len) {
        ssize_t n = pread(fd, q, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        q += n, len -= (size_t)n, off += n;
    }
    return true;
}

static bool write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n, len -= (size_t)n;
    }
    return true;
}

/* The whole file at path in memory, refused early when its header says it is
 * not a model of this size (garbage costs no allocation of its size). */
static int read_model(const char *path, unsigned char **out, size_t *len,
                      struct ai_model_stamp *stamp, char *msg, size_t msglen)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        ai_model_say(msg, msglen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return AI_EIO;
    }
    ai_model_stamp_of(&st, stamp);
    struct model_header h;
    const char *why = NULL;
    if (st.st_size < (off_t)MODEL_HEADER_SIZE || !read_at(fd, &h, sizeof h, 0))
        why = "shorter than a header";
    else if (memcmp(h.magic, MODEL_MAGIC, sizeof MODEL_MAGIC) != 0)
        why = "not a deskpilot model (bad magic)";
    else if (h.file_size != (uint64_t)st.st_size)
        why = "file size differs from the header (truncated, or being written?)";
    if (why) {
        close(fd);
        ai_model_say(msg, msglen, "%s: refused: %s", path, why);
        return AI_ECORRUPT;
    }
    *len = (size_t)st.st_size;
    /* Sections sit at 64-byte offsets: keep the base as aligned as a mapping's. */
    unsigned char *buf =
        aligned_alloc(MODEL_ALIGN, (*len + MODEL_ALIGN - 1) / MODEL_ALIGN * MODEL_ALIGN);
    if (!buf) {
        close(fd);
        ai_model_say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    if (!read_at(fd, buf, *len, 0)) {
        close(fd);
        free(buf);
        ai_model_say(msg, msglen, "%s: refused: shrank while being read", path);
        return AI_ECORRUPT;
    }
    close(fd);
    *out = buf;
    return AI_OK;
}

/* A read-only shared mapping of keep holding exactly buf[len], or NULL. */
static void *map_if_same(const char *keep, const unsigned char *buf, size_t len)
{
    int fd = open(keep, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    void *map = NULL;
    if (fstat(fd, &st) == 0 && st.st_size == (off_t)len) {
        map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED)
            map = NULL;
        else if (memcmp(map, buf, len) != 0) {
            munmap(map, len);
            map = NULL;
        }
    }
    close(fd);
    return map;
}

/* buf[len] written to a new file renamed over keep, mapped; NULL on failure
 * (msg says why). */
static void *write_keep(const char *keep, const unsigned char *buf, size_t len, char *msg,
                        size_t msglen)
{
    char tmp[PATH_MAX_KEEP];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", keep, (long)getpid()) >= (int)sizeof tmp) {
        ai_model_say(msg, msglen, "%s: path too long", keep);
        return NULL;
    }
    /* 0600 like the model: the index holds agents' replies, customer text. */
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    void *map = NULL;
    if (fd < 0 || !write_all(fd, buf, len) || fsync(fd) != 0 ||
        (map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED ||
        rename(tmp, keep) != 0) {
        ai_model_say(msg, msglen, "%s: %s", keep, strerror(errno ? errno : EIO));
        if (map && map != MAP_FAILED)
            munmap(map, len);
        map = NULL;
        unlink(tmp);
    }
    if (fd >= 0)
        close(fd);
    return map;
}

/* What keep.trust records: keep was verified in full as a copy of the file that had
 * stamp src, and keep itself had stamp copy then. A process that finds both files
 * as recorded maps keep without reading it (a CGI process lives for one request:
 * reading and checksumming the whole model each time would cost its size). */
struct trust {
    char magic[8];
    struct ai_model_stamp src, copy;
};
static const char TRUST_MAGIC[8] = "dptrust";

static bool trust_path(const char *keep, char *out, size_t len)
{
    return snprintf(out, len, "%s.trust", keep) < (int)len;
}

/* Record keep as the verified copy of the file with stamp src (best effort: without
 * it the next process reads the model in full, as before). */
static void trust_write(const char *keep, const struct ai_model_stamp *src)
{
    char path[PATH_MAX_KEEP], tmp[PATH_MAX_KEEP + 32];
    struct trust t;
    memset(&t, 0, sizeof t);
    memcpy(t.magic, TRUST_MAGIC, sizeof t.magic);
    t.src = *src;
    if (!trust_path(keep, path, sizeof path) || !ai_model_stamp_read(keep, &t.copy) ||
        snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    bool ok = write_all(fd, (const unsigned char *)&t, sizeof t);
    if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
        unlink(tmp);
}

/* The copy at keep, made or found, mapped. Workers take turns (a lock file
 * beside it), so the second to load a model finds the first one's copy and
 * shares its pages instead of writing its own. */
static void *keep_copy(const char *keep, const unsigned char *buf, size_t len,
                       const struct ai_model_stamp *src, char *msg, size_t msglen)
{
    char lock[PATH_MAX_KEEP];
    int lfd = -1;
    if (snprintf(lock, sizeof lock, "%s.lock", keep) < (int)sizeof lock)
        lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lfd >= 0)
        while (flock(lfd, LOCK_EX) != 0 && errno == EINTR)
            ;
    void *map = map_if_same(keep, buf, len);
    if (!map)
        map = write_keep(keep, buf, len, msg, msglen);
    /* Recorded under the lock: no other process can put a different copy at keep
     * between this one's mapping and its record. */
    if (map && lfd >= 0)
        trust_write(keep, src);
    if (lfd >= 0)
        close(lfd); /* releases the lock */
    return map;
}

/* The model from keep, mapped without reading it, when keep.trust says keep is the
 * verified copy of path as path and keep are now; NULL otherwise. */
static struct ai_model *open_trusted(const char *path, const char *keep,
                                     struct ai_model_stamp *stamp)
{
    char tpath[PATH_MAX_KEEP];
    struct trust t;
    struct ai_model_stamp now;
    int tfd = trust_path(keep, tpath, sizeof tpath) ? open(tpath, O_RDONLY | O_CLOEXEC) : -1;
    if (tfd < 0)
        return NULL;
    bool ok = read_at(tfd, &t, sizeof t, 0) && memcmp(t.magic, TRUST_MAGIC, sizeof t.magic) == 0 &&
              ai_model_stamp_read(path, &now) && ai_model_stamp_equal(&now, &t.src);
    close(tfd);
    int fd = ok ? open(keep, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    ai_model_stamp_of(&st, &now);
    struct ai_model *m = NULL;
    void *map = MAP_FAILED;
    if (ai_model_stamp_equal(&now, &t.copy) && (m = calloc(1, sizeof *m)))
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED || ai_model_validate(m, map, (uint64_t)st.st_size, false)) {
        if (map != MAP_FAILED)
            munmap(map, (size_t)st.st_size);
        free(m);
        return NULL;
    }
    m->map = map;
    m->map_len = (size_t)st.st_size;
    m->stamp = t.src;
    *stamp = t.src;
    return m;
}

int ai_model_open_kept(const char *path, const char *keep, struct ai_model **out,
                       struct ai_model_stamp *stamp, char *msg, size_t msglen)
{
    *out = NULL;
    memset(stamp, 0, sizeof *stamp);
    if ((*out = open_trusted(path, keep, stamp)))
        return AI_OK;
    unsigned char *buf;
    size_t len;
    int rc = read_model(path, &buf, &len, stamp, msg, msglen);
    if (rc != AI_OK)
        return rc;
    struct ai_model *m = calloc(1, sizeof *m);
    if (!m) {
        free(buf);
        ai_model_say(msg, msglen, "out of memory");
        return AI_ENOMEM;
    }
    const char *why = ai_model_validate(m, buf, len, true);
    if (why) {
        free(buf);
        free(m);
        ai_model_say(msg, msglen, "%s: refused: %s", path, why);
        return AI_ECORRUPT;
    }
    char kmsg[256] = "";
    void *map = keep_copy(keep, buf, len, stamp, kmsg, sizeof kmsg);
    if (map) {
        /* The same bytes, verified above: this only points m into the mapping. */
        memset(m, 0, sizeof *m);
        if (ai_model_validate(m, map, len, false)) {
            munmap(map, len);
            free(buf);
            free(m);
            ai_model_say(msg, msglen, "%s: refused: the copy changed while mapped", keep);
            return AI_ECORRUPT;
        }
        free(buf);
        m->map = map;
    } else {
        /* No copy on disk (read-only folder, disk full): serve from memory. */
        m->map = buf;
        m->owned = true;
        ai_model_say(msg, msglen, "served from private memory: %s", kmsg);
    }
    m->map_len = len;
    m->stamp = *stamp;
    *out = m;
    return AI_OK;
}
