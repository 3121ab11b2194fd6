/* fuzz_csv: the RFC 4180 reader that imports the intent catalogue. */
#include <stdint.h>
#include <string.h>

#include "ai/csv.h"
#include "ai/status.h"
#include "core/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ai_csv t;
    memset(&t, 0, sizeof t);
    size_t line = 0;
    char msg[160];
    msg[0] = '\0';
    int rc = ai_csv_parse((const char *)data, size, &t, &line, msg, sizeof msg);
    if (rc == 0) {
        FUZZ_CHECK(t.ncols >= 1 && t.header);
        for (size_t c = 0; c < t.ncols; c++)
            FUZZ_CHECK(t.header[c] && utf8_valid(t.header[c], strlen(t.header[c])));
        for (size_t r = 0; r < t.nrows; r++) {
            /* Lines only count LF: rows after a bare CR share the line before. */
            FUZZ_CHECK(t.line[r] >= 1 && (r == 0 || t.line[r] >= t.line[r - 1]));
            for (size_t c = 0; c < t.ncols; c++) {
                const char *cell = ai_csv_cell(&t, r, c);
                FUZZ_CHECK(cell && utf8_valid(cell, strlen(cell)));
                FUZZ_CHECK(strlen(cell) <= size);
            }
        }
        long col = ai_csv_column(&t, t.header[0]);
        FUZZ_CHECK(col == 0);
        (void)ai_csv_column(&t, "examples");
    } else {
        FUZZ_CHECK(rc == AI_EINVAL);
        FUZZ_CHECK(line >= 1 && memchr(msg, '\0', sizeof msg) && msg[0]);
    }
    ai_csv_free(&t);
    return 0;
}
