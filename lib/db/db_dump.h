/* db_dump: tables, columns and rows as text for backups, and rows put back. */
#ifndef DESKPILOT_DB_DB_DUMP_H
#define DESKPILOT_DB_DB_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

/* The current database's tables, by name, in the arena: all but schema_migrations (the
 * schema is the migrations'), model_chunks (the model travels as its file, and a
 * restore stores it again: model_dist_republish), cluster_leases (who builds now is
 * no state to carry to another database) and ticket_terms (the search index, made
 * again from the tickets: ticket_search_reindex). */
int db_dump_tables(struct arena *a, char ***names, size_t *n, struct app_err *err);
/* A table's stored columns (not the generated ones), in their order. */
int db_dump_columns(struct arena *a, const char *table, char ***cols, size_t *n,
                    struct app_err *err);
/* The migrations applied, oldest first (the schema a backup's rows fit). */
int db_dump_versions(struct arena *a, char ***versions, size_t *n, struct app_err *err);
/* Which of cols[0..n) are BLOB columns (attachments' chunks): blob[i], arena array in
 * *out. A table holding one is read page by page (db_dump_rows). */
int db_dump_blobs(struct arena *a, const char *table, char **cols, size_t n, bool **out,
                  struct app_err *err);
/* Every row of table with the columns cols[0..n), as text; fn once per row. A table
 * with a BLOB column (blob from db_dump_blobs; NULL: none) is read DB_DUMP_PAGE rows at
 * a time by its `id` column (which it must have), so memory holds one page of files,
 * not the table. */
#define DB_DUMP_PAGE 16
int db_dump_rows(const char *table, char **cols, size_t n, const bool *blob, db_row_fn fn,
                 void *ctx, struct app_err *err);
/* Delete every row of table (inside the caller's transaction). */
int db_dump_clear(const char *table, struct app_err *err);
/* Insert one row: vals[i] into cols[i] (at most 32 columns). */
int db_dump_insert(const char *table, char **cols, const struct db_param *vals, size_t n,
                   struct app_err *err);
/* Foreign-key checks of this connection off (restoring) or on again. */
int db_dump_constraints(bool on, struct app_err *err);

#endif
