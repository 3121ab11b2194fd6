/* test_model_dist: the pure parts of sending a model to every host — the SHA-256 over
 * pieces, its comparison, the chunk arithmetic — and the file side without a database:
 * a file's digest, the host lock, the atomic install. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/digest.h"
#include "core/err.h"
#include "pipeline/model_dist.h"

/* FIPS 180-2's two-block message. */
#define ABC_MSG "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define ABC_SHA "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"

static void test_digest_known_answer_in_any_pieces(void **state)
{
    (void)state;
    char out[DIGEST_HEX_LEN + 1];
    struct digest d;
    assert_int_equal(digest_begin(&d), 0);
    assert_int_equal(digest_add(&d, ABC_MSG, strlen(ABC_MSG)), 0);
    assert_int_equal(digest_end(&d, out), 0);
    assert_string_equal(out, ABC_SHA);
    for (size_t cut = 0; cut <= strlen(ABC_MSG); cut += 7) {
        assert_int_equal(digest_begin(&d), 0);
        assert_int_equal(digest_add(&d, ABC_MSG, cut), 0);
        assert_int_equal(digest_add(&d, ABC_MSG + cut, strlen(ABC_MSG) - cut), 0);
        assert_int_equal(digest_end(&d, out), 0);
        assert_string_equal(out, ABC_SHA);
    }
    /* Ended: adding or ending again fails, cleanup twice is harmless. */
    assert_int_equal(digest_add(&d, "x", 1), -1);
    assert_int_equal(digest_end(&d, out), -1);
    assert_string_equal(out, "");
    digest_cleanup(&d);
    digest_cleanup(&d);
}

static void test_digest_equal_only_for_the_same_well_formed_digest(void **state)
{
    (void)state;
    char other[] = ABC_SHA;
    assert_true(digest_equal(ABC_SHA, other));
    other[63] = other[63] == '1' ? '2' : '1';
    assert_false(digest_equal(ABC_SHA, other));
    char upper[] = ABC_SHA;
    upper[0] = 'A';
    upper[2] = 'D';
    assert_false(digest_equal(upper, upper)); /* not what we write: refused */
    assert_false(digest_equal(ABC_SHA, NULL));
    assert_false(digest_equal(NULL, NULL));
    assert_false(digest_equal("", ""));
    assert_false(digest_equal("248d", "248d"));
}

static void test_chunks_cover_the_file_exactly(void **state)
{
    (void)state;
    const long long C = (long long)MODEL_CHUNK_BYTES;
    assert_int_equal(model_dist_nchunks(0), 0);
    assert_int_equal(model_dist_nchunks(-5), 0);
    assert_int_equal(model_dist_nchunks(1), 1);
    assert_int_equal(model_dist_nchunks(C), 1);
    assert_int_equal(model_dist_nchunks(C + 1), 2);
    assert_int_equal(model_dist_nchunks(3 * C), 3);
    const long long sizes[] = {1, C - 1, C, C + 1, 5 * C + 123, 7 * C};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        long long bytes = sizes[k], n = model_dist_nchunks(bytes), total = 0, off;
        size_t len;
        for (long long seq = 0; seq < n; seq++) {
            model_dist_chunk_span(bytes, seq, &off, &len);
            assert_int_equal(off, total); /* no gap, no overlap */
            assert_true(len > 0 && len <= MODEL_CHUNK_BYTES);
            total += (long long)len;
        }
        assert_int_equal(total, bytes);
        model_dist_chunk_span(bytes, n, &off, &len);
        assert_int_equal(len, 0);
    }
}

static char dir[] = "/tmp/test_model_dist.XXXXXX";

static void test_file_digest_lock_and_install(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    char path[256], tmp[256];
    snprintf(path, sizeof path, "%s/model.bin", dir);
    snprintf(tmp, sizeof tmp, "%s/model.bin.new", dir);
    /* Larger than a chunk, so the file is read in several pieces. */
    size_t n = MODEL_CHUNK_BYTES + 4321;
    unsigned char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (unsigned char)(i * 2654435761u >> 13);
    FILE *f = fopen(tmp, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);

    char want[DIGEST_HEX_LEN + 1], got[DIGEST_HEX_LEN + 1];
    struct digest d;
    assert_int_equal(digest_begin(&d), 0);
    assert_int_equal(digest_add(&d, data, n), 0);
    assert_int_equal(digest_end(&d, want), 0);
    long long bytes = 0;
    struct app_err err;
    err_clear(&err);
    assert_int_equal(model_dist_file_digest(tmp, got, &bytes, &err), 0);
    assert_string_equal(got, want);
    assert_int_equal(bytes, (long long)n);

    /* One holder per host: a second one is told to come back later. */
    int a = model_dist_lock(path, false);
    assert_true(a >= 0);
    assert_int_equal(model_dist_lock(path, false), -2);
    assert_int_equal(model_dist_install(tmp, path, &err), 0);
    model_dist_unlock(a);
    int b = model_dist_lock(path, false);
    assert_true(b >= 0);
    model_dist_unlock(b);

    assert_int_equal(access(tmp, F_OK), -1); /* renamed, not copied */
    assert_int_equal(model_dist_file_digest(path, got, &bytes, &err), 0);
    assert_string_equal(got, want);
    /* A missing file is an error with its name. */
    assert_int_equal(model_dist_file_digest(tmp, got, &bytes, &err), -1);
    assert_non_null(strstr(err.internal, "model.bin.new"));
    unlink(path);
    rmdir(dir);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_known_answer_in_any_pieces),
        cmocka_unit_test(test_digest_equal_only_for_the_same_well_formed_digest),
        cmocka_unit_test(test_chunks_cover_the_file_exactly),
        cmocka_unit_test(test_file_digest_lock_and_install),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
