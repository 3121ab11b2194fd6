/* csv: single-pass RFC 4180 parser; cells are unescaped in place into a copy. */
#include "ai/csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "ai/status.h"
#include "core/vec.h"

struct cellv {
    size_t *off; /* cell start offsets into buf */
    size_t n, cap;
};

static int cellv_push(struct cellv *v, size_t off)
{
    if (VEC_RESERVE(v->off, v->cap, v->n + 1))
        return AI_ENOMEM;
    v->off[v->n++] = off;
    return AI_OK;
}

static bool valid_utf8(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            if (s[i] == '\0') {
                *bad = i;
                return false;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            *bad = i;
            return false;
        }
        i += (size_t)k;
    }
    return true;
}

static size_t line_of(const char *s, size_t pos)
{
    size_t line = 1;
    for (size_t i = 0; i < pos; i++)
        line += s[i] == '\n';
    return line;
}

void ai_csv_free(struct ai_csv *t)
{
    free(t->header);
    free(t->cells);
    free(t->line);
    free(t->buf);
    memset(t, 0, sizeof *t);
}

int ai_csv_parse(const char *data, size_t len, struct ai_csv *out, size_t *err_line, char *msg,
                 size_t msglen)
{
    memset(out, 0, sizeof *out);
    *err_line = 0;
    if (msglen)
        msg[0] = '\0';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t bad;
    if (!valid_utf8(data, len, &bad)) {
        *err_line = line_of(data, bad);
        snprintf(msg, msglen, "invalid UTF-8 or NUL byte");
        return AI_EINVAL;
    }
    char *buf = malloc(len + 1);
    struct cellv cells = {0}, rowstart = {0}, rowline = {0};
    if (!buf)
        return AI_ENOMEM;
    int rc = AI_OK;
    size_t o = 0, i = 0, line = 1, ncols = 0;
    size_t row_cells = 0, row_first_line = 1;
    bool row_open = false;
    while (i < len || row_open) {
        /* Start of a field. */
        if (!row_open) {
            /* Skip blank lines between records. */
            if (data[i] == '\n' || data[i] == '\r') {
                /* CRLF is one line end; a lone CR or LF is one too. */
                if (data[i] == '\n' || i + 1 >= len || data[i + 1] != '\n')
                    line++;
                i++;
                continue;
            }
            row_open = true;
            row_cells = 0;
            row_first_line = line;
            if ((rc = cellv_push(&rowstart, cells.n)) < 0 || (rc = cellv_push(&rowline, line)) < 0)
                goto out_fail;
        }
        if ((rc = cellv_push(&cells, o)) < 0)
            goto out_fail;
        row_cells++;
        if (i < len && data[i] == '"') {
            size_t qline = line;
            i++;
            for (;;) {
                if (i >= len) {
                    *err_line = qline;
                    snprintf(msg, msglen, "quoted field never closed");
                    rc = AI_EINVAL;
                    goto out_fail;
                }
                if (data[i] == '"') {
                    if (i + 1 < len && data[i + 1] == '"') {
                        buf[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (data[i] == '\n')
                    line++;
                buf[o++] = data[i++];
            }
            if (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                *err_line = line;
                snprintf(msg, msglen, "unexpected character after a closing quote");
                rc = AI_EINVAL;
                goto out_fail;
            }
        } else {
            /* Unquoted: up to the next separator. A stray quote is kept as text. */
            while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
                buf[o++] = data[i++];
        }
        buf[o++] = '\0';
        if (i < len && data[i] == ',') {
            i++;
            if (i == len) { /* "a,b," at EOF: one more, empty field */
                if ((rc = cellv_push(&cells, o)) < 0)
                    goto out_fail;
                buf[o++] = '\0';
                row_cells++;
            } else {
                continue;
            }
        }
        /* End of record: CRLF, LF, CR or EOF; each of them ends a line. */
        bool eol = false;
        if (i < len && data[i] == '\r') {
            i++;
            eol = true;
        }
        if (i < len && data[i] == '\n') {
            i++;
            eol = true;
        }
        if (eol)
            line++;
        row_open = false;
        if (rowstart.n == 1) {
            ncols = row_cells;
        } else if (row_cells != ncols) {
            *err_line = row_first_line;
            snprintf(msg, msglen, "row has %zu fields, the header has %zu", row_cells, ncols);
            rc = AI_EINVAL;
            goto out_fail;
        }
    }
    if (rowstart.n == 0) {
        *err_line = 1;
        snprintf(msg, msglen, "no header row");
        rc = AI_EINVAL;
        goto out_fail;
    }
    out->ncols = ncols;
    out->nrows = rowstart.n - 1;
    out->buf = buf;
    out->header = malloc(ncols * sizeof *out->header);
    out->cells = malloc((out->nrows * ncols + 1) * sizeof *out->cells);
    out->line = malloc((out->nrows + 1) * sizeof *out->line);
    if (!out->header || !out->cells || !out->line) {
        rc = AI_ENOMEM;
        free(cells.off);
        free(rowstart.off);
        free(rowline.off);
        ai_csv_free(out);
        return rc;
    }
    for (size_t c = 0; c < ncols; c++)
        out->header[c] = buf + cells.off[c];
    for (size_t c = ncols; c < cells.n; c++)
        out->cells[c - ncols] = buf + cells.off[c];
    for (size_t r = 1; r < rowline.n; r++)
        out->line[r - 1] = rowline.off[r];
    free(cells.off);
    free(rowstart.off);
    free(rowline.off);
    return AI_OK;

out_fail:
    free(buf);
    free(cells.off);
    free(rowstart.off);
    free(rowline.off);
    memset(out, 0, sizeof *out);
    return rc;
}

int ai_csv_read_file(const char *path, struct ai_csv *out, char *msg, size_t msglen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, msglen, "%s: %s", path, strerror(errno));
        return AI_EIO;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    int rc = AI_OK;
    for (;;) {
        /* Room for at least 64 KiB more before each read. */
        if (VEC_RESERVE(data, cap, len + 65536)) {
            rc = AI_ENOMEM;
            snprintf(msg, msglen, "%s: out of memory", path);
            goto out_close;
        }
        size_t k = fread(data + len, 1, cap - len, f);
        len += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        snprintf(msg, msglen, "%s: read error", path);
        rc = AI_EIO;
        goto out_close;
    }
    size_t line;
    char why[160];
    rc = ai_csv_parse(data ? data : "", len, out, &line, why, sizeof why);
    if (rc == AI_EINVAL)
        snprintf(msg, msglen, "%s:%zu: %s", path, line, why);
    else if (rc < 0)
        snprintf(msg, msglen, "%s: %s", path, ai_strerror(rc));
out_close:
    free(data);
    fclose(f);
    return rc;
}

long ai_csv_column(const struct ai_csv *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcasecmp(t->header[c], name) == 0)
            return (long)c;
    return -1;
}
