/* test_fuzz_corpus: every committed fuzz seed and past crash replayed through its target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The targets are compiled in here, each under its own name, so this binary
 * needs no libFuzzer and no Makefile rule: tests/fuzz/run.sh does the fuzzing,
 * this replays the corpus (seeds and minimised crashes) on every make test.
 * A broken invariant aborts and a memory error crashes, which run-tests.sh
 * counts as a failure; under make asan the sanitizers check every input. */
#define LLVMFuzzerTestOneInput fuzz_target_json
#include "../fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_request
#include "../fuzz/fuzz_request.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_tpl
#include "../fuzz/fuzz_tpl.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_escape
#include "../fuzz/fuzz_escape.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_tokenize
#include "../fuzz/fuzz_tokenize.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_csv
#include "../fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_token
#include "../fuzz/fuzz_token.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_cursor
#include "../fuzz/fuzz_cursor.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_csrf
#include "../fuzz/fuzz_csrf.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_mail
#include "../fuzz/fuzz_mail.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_hours
#include "../fuzz/fuzz_hours.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_multipart
#include "../fuzz/fuzz_multipart.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_image
#include "../fuzz/fuzz_image.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_target_search
#include "../fuzz/fuzz_search.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Tests run from the repository root (tools/run-tests.sh cds there). */
static const char *corpus_root(void)
{
    const char *d = getenv("DESKPILOT_FUZZ_CORPUS");
    return d && *d ? d : "tests/fuzz/corpus";
}

/* One file into a buffer of exactly its size, so a sanitizer sees any overread. */
static uint8_t *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    uint8_t *data = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size >= 0) {
        *n = (size_t)st.st_size;
        data = malloc(*n ? *n : 1);
        if (data && fread(data, 1, *n, f) != *n) {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    return data;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct dirent *)a)->d_name, ((const struct dirent *)b)->d_name);
}

static void replay(const char *target, fuzz_fn fn)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", corpus_root(), target);
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("no corpus directory %s (run the tests from the repository root)", dir);
    struct dirent *names = NULL, *e;
    size_t n = 0, cap = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        names[n++] = *e;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    size_t ran = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i].d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t len = 0;
        uint8_t *data = read_all(path, &len);
        if (!data)
            fail_msg("cannot read %s", path);
        fn(data, len); /* aborts on a broken invariant */
        free(data);
        ran++;
    }
    free(names);
    if (ran == 0)
        fail_msg("corpus %s is empty", dir);
}

#define REPLAY(name)                                                                               \
    static void test_replay_##name(void **state)                                                   \
    {                                                                                              \
        (void)state;                                                                               \
        replay(#name, fuzz_target_##name);                                                         \
    }
REPLAY(json)
REPLAY(request)
REPLAY(tpl)
REPLAY(escape)
REPLAY(tokenize)
REPLAY(csv)
REPLAY(token)
REPLAY(cursor)
REPLAY(csrf)
REPLAY(mail)
REPLAY(hours)
REPLAY(multipart)
REPLAY(image)
REPLAY(search)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_json),     cmocka_unit_test(test_replay_request),
        cmocka_unit_test(test_replay_tpl),      cmocka_unit_test(test_replay_escape),
        cmocka_unit_test(test_replay_tokenize), cmocka_unit_test(test_replay_csv),
        cmocka_unit_test(test_replay_token),    cmocka_unit_test(test_replay_cursor),
        cmocka_unit_test(test_replay_csrf),     cmocka_unit_test(test_replay_mail),
        cmocka_unit_test(test_replay_hours),    cmocka_unit_test(test_replay_multipart),
        cmocka_unit_test(test_replay_image),    cmocka_unit_test(test_replay_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
