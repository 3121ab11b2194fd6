/* csv: an RFC 4180 reader (quoted fields with commas, quotes and newlines) into a table. */
#ifndef DESKPILOT_AI_CSV_H
#define DESKPILOT_AI_CSV_H

#include <stddef.h>

/* A parsed file: the header row and nrows data rows of ncols cells each.
 * Cells are NUL-terminated strings inside one buffer owned by the table. */
struct ai_csv {
    size_t ncols, nrows;
    char **header; /* ncols names */
    char **cells;  /* nrows * ncols, row-major */
    size_t *line;  /* nrows: the 1-based line where each row starts */
    char *buf;
};

/* The cell at row r, column c (borrowed from t). */
static inline const char *ai_csv_cell(const struct ai_csv *t, size_t r, size_t c)
{
    return t->cells[r * t->ncols + c];
}

/* Parse data[0..len): a header row, then rows with as many fields as the
 * header. CRLF, LF or a lone CR ends a record (and a line); blank lines are skipped; a UTF-8 byte
 * order mark is ignored. Refused: a quoted field left open at the end, text after a closing quote,
 * a row with the wrong number of fields, invalid UTF-8 or NUL, no header. On failure *err_line is
 * the 1-based line and msg says what. Returns 0, AI_EINVAL (bad CSV) or AI_ENOMEM. */
int ai_csv_parse(const char *data, size_t len, struct ai_csv *out, size_t *err_line, char *msg,
                 size_t msglen);

/* Read and parse a file. msg names the file (and the line for bad CSV).
 * Returns 0, AI_EIO, AI_EINVAL or AI_ENOMEM. */
int ai_csv_read_file(const char *path, struct ai_csv *out, char *msg, size_t msglen);

/* Free everything; harmless on a zeroed table. */
void ai_csv_free(struct ai_csv *t);

/* Index of the first column whose header equals name (case-insensitive), or -1. */
long ai_csv_column(const struct ai_csv *t, const char *name);

#endif
