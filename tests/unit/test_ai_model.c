/* test_ai_model: build -> write -> map round trip, reload check, corrupt files refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ai/model.h"
#include "ai/status.h"
#include "support_examples.h"

static const struct ai_resolved tickets[] = {
    {11, "My card never arrived", "card_arrival", "It ships in 5 days.", true},
    {12, "Password reset email missing", "password_reset", "Check your spam folder.", false},
    {13, "Card not here yet", "card_arrival", "It ships in 5 days.",
     true}, /* same solution: stored once */
    {14, "Question about crypto", "crypto", "We do not support crypto.",
     true}, /* intent only tickets have */
};

static char path[256];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_ai_model.%ld.bin", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void build(uint64_t version)
{
    struct ai_train_opts o;
    ai_train_opts_default(&o);
    o.epochs = 20;
    o.calib_frac = 0.25f;
    struct ai_build_input in = {version, support_examples, 12, tickets, 4, &o};
    struct ai_build_report rep;
    char msg[256];
    assert_int_equal(ai_model_build(path, &in, &rep, msg, sizeof msg), 0);
    assert_int_equal(rep.nintents, 3);
    assert_true(rep.file_bytes > 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    build(7);
    struct ai_model *m;
    char msg[256];
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m), 7);
    assert_int_equal(ai_model_nintents(m), 3);
    assert_int_equal(ai_model_ntickets(m), 4);
    assert_string_equal(ai_model_intent(m, 0), "card_arrival");
    assert_string_equal(ai_model_intent(m, 3), "crypto");
    assert_null(ai_model_intent(m, 99));
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_intent_guess g[3];
    size_t n;
    const char *q = "my card did not arrive";
    assert_int_equal(ai_model_classify(m, s, q, strlen(q), g, 3, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(g[0].intent, "card_arrival");
    struct ai_similar sim[4];
    assert_int_equal(ai_model_similar(m, NULL, s, "my card never arrived", 21, 4, 0, sim, &n), 0);
    assert_true(n >= 1);
    assert_int_equal(sim[0].ticket_id, 11);
    assert_true(sim[0].score > 0.999f && sim[0].score <= 1.0f);
    assert_string_equal(sim[0].solution, "It ships in 5 days.");
    assert_string_equal(sim[0].intent, "card_arrival");
    assert_true(sim[0].reusable);
    assert_false(sim[0].from_delta);
    /* The delta is searched with the model; its copy of a ticket wins. */
    struct ai_delta *d;
    assert_int_equal(ai_delta_new(&d), 0);
    assert_int_equal(
        ai_delta_add(d, s, 20, "apple pay is broken", "apple_pay", "Re-add the card.", true), 0);
    assert_int_equal(
        ai_delta_add(d, s, 11, "My card never arrived", "card_arrival", "New answer.", true), 0);
    assert_int_equal(ai_model_similar(m, d, s, "apple pay broken", 16, 4, 0.1f, sim, &n), 0);
    assert_true(n >= 1);
    assert_int_equal(sim[0].ticket_id, 20);
    assert_true(sim[0].from_delta);
    assert_int_equal(ai_model_similar(m, d, s, "my card never arrived", 21, 4, 0, sim, &n), 0);
    size_t seen11 = 0;
    for (size_t i = 0; i < n; i++)
        if (sim[i].ticket_id == 11) {
            seen11++;
            assert_string_equal(sim[i].solution, "New answer.");
        }
    assert_int_equal(seen11, 1);
    ai_delta_free(d);
    ai_session_free(s);

    /* Same file: unchanged. A rebuild (new inode via rename): changed. */
    assert_false(ai_model_changed(m, path));
    build(8);
    assert_true(ai_model_changed(m, path));
    assert_int_equal(ai_model_version(m), 7); /* the old mapping stays valid */
    struct ai_model *m2;
    assert_int_equal(ai_model_open(path, &m2, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m2), 8);
    assert_false(ai_model_changed(m2, path));
    ai_model_close(m2);
    ai_model_close(m);
    ai_model_close(NULL);
}

static void test_no_classifier(void **state)
{
    (void)state;
    struct ai_build_input in = {1, support_examples, 4, tickets, 4, NULL}; /* one intent only */
    char msg[256];
    assert_int_equal(ai_model_build(path, &in, NULL, msg, sizeof msg), 0);
    struct ai_model *m;
    assert_int_equal(ai_model_open(path, &m, msg, sizeof msg), 0);
    assert_null(ai_model_classifier(m));
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_intent_guess g[1];
    size_t n = 9;
    assert_int_equal(ai_model_classify(m, s, "card", 4, g, 1, &n), 0);
    assert_int_equal(n, 0);
    ai_session_free(s);
    ai_model_close(m);
}

static void write_bytes(const char *p, const unsigned char *b, size_t n)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_corrupt_refused(void **state)
{
    (void)state;
    build(3);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    size_t n = (size_t)st.st_size;
    unsigned char *orig = malloc(n), *b = malloc(n);
    assert_non_null(orig);
    assert_non_null(b);
    assert_int_equal(fread(orig, 1, n, f), n);
    fclose(f);
    char bad[300], msg[256];
    snprintf(bad, sizeof bad, "%s.bad", path);
    struct ai_model *m;
    /* Every single-byte flip (sampled) is refused, header or payload. */
    for (size_t at = 0; at < n; at += (at < 512 ? 1 : 97)) {
        memcpy(b, orig, n);
        b[at] ^= 0x5a;
        write_bytes(bad, b, n);
        assert_int_equal(ai_model_open(bad, &m, msg, sizeof msg), AI_ECORRUPT);
        assert_null(m);
    }
    /* Truncated files, an empty file, a text file. */
    size_t cuts[] = {0, 10, 100, n / 2, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_bytes(bad, orig, cuts[i]);
        assert_int_equal(ai_model_open(bad, &m, msg, sizeof msg), AI_ECORRUPT);
    }
    write_bytes(bad,
                (const unsigned char
                     *)"hello world, not a model at all......................................",
                64);
    assert_int_equal(ai_model_open(bad, &m, msg, sizeof msg), AI_ECORRUPT);
    assert_non_null(strstr(msg, bad));
    /* Missing file. */
    unlink(bad);
    assert_int_equal(ai_model_open(bad, &m, msg, sizeof msg), AI_EIO);
    /* The intact copy still opens. */
    write_bytes(bad, orig, n);
    assert_int_equal(ai_model_open(bad, &m, msg, sizeof msg), 0);
    ai_model_close(m);
    unlink(bad);
    free(orig);
    free(b);
}

static void test_bad_path(void **state)
{
    (void)state;
    struct ai_build_input in = {1, support_examples, 12, tickets, 4, NULL};
    char msg[256];
    assert_int_equal(ai_model_build("/nonexistent-dir/x/model.bin", &in, NULL, msg, sizeof msg),
                     AI_EIO);
    assert_non_null(strstr(msg, "/nonexistent-dir/x/model.bin"));
}

/* Classifies "my card never arrived" as card_arrival: reads every page it needs. */
static void assert_serves(const struct ai_model *m)
{
    struct ai_session *s;
    assert_int_equal(ai_session_new(&s), 0);
    struct ai_intent_guess g[2];
    size_t n;
    assert_int_equal(ai_model_classify(m, s, "my card never arrived", 21, g, 2, &n), 0);
    assert_true(n >= 1);
    assert_string_equal(g[0].intent, "card_arrival");
    ai_session_free(s);
}

static void overwrite_in_place(const char *p, const char *bytes, long keep_bytes)
{
    FILE *f = fopen(p, "r+");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), keep_bytes), 0);
    if (bytes)
        assert_int_equal(fwrite(bytes, 1, strlen(bytes), f), strlen(bytes));
    fclose(f);
}

/* A server's model survives its file truncated or written over in place: it is
 * served from the verified copy, which is also the last good model to restart on. */
static void test_kept_copy(void **state)
{
    (void)state;
    build(9);
    char keep[300], msg[256];
    snprintf(keep, sizeof keep, "%s.good", path);
    unlink(keep);
    struct ai_model *m, *m2;
    struct ai_model_stamp st, now;
    assert_int_equal(ai_model_open_kept(path, keep, &m, &st, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m), 9);
    assert_true(ai_model_stamp_read(path, &now));
    assert_true(ai_model_stamp_equal(&st, &now));
    struct stat k1, k2;
    assert_int_equal(stat(keep, &k1), 0);
    assert_int_equal(k1.st_mode & 0777, 0600);
    /* A second worker loading the same bytes shares the copy: not rewritten. */
    assert_int_equal(ai_model_open_kept(path, keep, &m2, &st, msg, sizeof msg), 0);
    assert_int_equal(stat(keep, &k2), 0);
    assert_int_equal(k1.st_ino, k2.st_ino);
    ai_model_close(m2);

    /* Truncated to half, then garbage: refused; the open model still answers. */
    struct stat full;
    assert_int_equal(stat(path, &full), 0);
    overwrite_in_place(path, NULL, (long)full.st_size / 2);
    assert_serves(m);
    assert_int_equal(ai_model_open_kept(path, keep, &m2, &st, msg, sizeof msg), AI_ECORRUPT);
    assert_null(m2);
    assert_true(ai_model_stamp_read(path, &now));
    assert_true(ai_model_stamp_equal(&st, &now)); /* the refused file, to skip until it changes */
    overwrite_in_place(path, "DPMODEL garbage over the model", 0);
    assert_serves(m);
    assert_int_equal(ai_model_open_kept(path, keep, &m2, &st, msg, sizeof msg), AI_ECORRUPT);
    ai_model_close(m);

    /* A restart falls back on the copy. */
    assert_int_equal(ai_model_open_kept(keep, keep, &m, &st, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m), 9);
    assert_serves(m);
    ai_model_close(m);

    /* No place for the copy: served from private memory, and said so. */
    build(10);
    assert_int_equal(
        ai_model_open_kept(path, "/nonexistent-dir/x/model.good", &m, &st, msg, sizeof msg), 0);
    assert_non_null(strstr(msg, "private memory"));
    overwrite_in_place(path, NULL, 0);
    assert_serves(m);
    ai_model_close(m);
    unlink(keep);
    char lock[310];
    snprintf(lock, sizeof lock, "%s.lock", keep);
    unlink(lock);
}

/* Once a copy is verified, a new process (a CGI request) recognises it by the stamps
 * recorded beside it and maps it without reading it; a changed model file is read and
 * verified in full again. Shown by a byte of the copy changed in place with its stamp
 * kept: the recognised copy is not read, so the change goes unseen — and the moment
 * the model file's stamp moves, the full reading catches nothing wrong in the model
 * itself and makes a fresh copy. */
static void test_trusted_copy(void **state)
{
    (void)state;
    build(11);
    char keep[300], trust[310], msg[256];
    snprintf(keep, sizeof keep, "%s.good", path);
    snprintf(trust, sizeof trust, "%s.trust", keep);
    unlink(keep);
    unlink(trust);
    struct ai_model *m;
    struct ai_model_stamp st;
    assert_int_equal(ai_model_open_kept(path, keep, &m, &st, msg, sizeof msg), 0);
    ai_model_close(m);
    struct stat t1, k;
    assert_int_equal(stat(trust, &t1), 0);
    assert_int_equal(t1.st_mode & 0777, 0600);

    /* A byte deep in the copy changed, its size and time put back: still trusted. */
    assert_int_equal(stat(keep, &k), 0);
    int fd = open(keep, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "\x5a", 1, k.st_size - 1), 1);
    close(fd);
    struct timespec times[2] = {k.st_atim, k.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, keep, times, 0), 0);
    assert_int_equal(ai_model_open_kept(path, keep, &m, &st, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m), 11);
    ai_model_close(m);

    /* The model file changes (a retrain renames a new one in): read in full, a new copy. */
    build(12);
    assert_int_equal(ai_model_open_kept(path, keep, &m, &st, msg, sizeof msg), 0);
    assert_int_equal(ai_model_version(m), 12);
    ai_model_close(m);
    struct stat k2;
    assert_int_equal(stat(keep, &k2), 0);
    assert_true(k2.st_ino != k.st_ino);
    /* A copy whose own stamp moved is not trusted either: refused when damaged. */
    overwrite_in_place(keep, "DPMODEL garbage", 0);
    assert_int_equal(ai_model_open_kept(keep, keep, &m, &st, msg, sizeof msg), AI_ECORRUPT);
    unlink(keep);
    unlink(trust);
    char lock[310];
    snprintf(lock, sizeof lock, "%s.lock", keep);
    unlink(lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_no_classifier),
        cmocka_unit_test(test_corrupt_refused), cmocka_unit_test(test_bad_path),
        cmocka_unit_test(test_kept_copy),       cmocka_unit_test(test_trusted_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
