/* db: the worker's one MariaDB connection, prepared statements, transactions, reconnects. */
#ifndef DESKPILOT_DB_DB_H
#define DESKPILOT_DB_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

enum db_param_type { DBP_NULL_T, DBP_INT_T, DBP_DBL_T, DBP_STR_T, DBP_BLOB_T };

/* One bound value. Strings are borrowed for the duration of the call. */
struct db_param {
    enum db_param_type type;
    long long i;
    double d;
    const char *s;
    size_t len;
};

#define DBP_NULL ((struct db_param){.type = DBP_NULL_T})
#define DBP_INT(v) ((struct db_param){.type = DBP_INT_T, .i = (long long)(v)})
#define DBP_DBL(v) ((struct db_param){.type = DBP_DBL_T, .d = (double)(v)})
#define DBP_STRN(v, n) ((struct db_param){.type = DBP_STR_T, .s = (v), .len = (n)})
#define DBP_STR(v) db_param_str(v)
/* Bytes for a BLOB column (sent as binary, never converted as text). */
#define DBP_BLOB(v, n) ((struct db_param){.type = DBP_BLOB_T, .s = (const char *)(v), .len = (n)})
/* A statement's parameters and their count from one list, so the two cannot
 * disagree: db_query(sql, DB_PARAMS(DBP_INT(id), DBP_STR(name)), fn, ctx, err).
 * (sizeof does not evaluate its operand: each value is computed once.) */
#define DB_PARAMS(...)                                                                             \
    (struct db_param[]){__VA_ARGS__},                                                              \
        (sizeof((struct db_param[]){__VA_ARGS__}) / sizeof(struct db_param))
#define DB_NO_PARAMS NULL, 0
/* NULL-safe: a NULL string binds SQL NULL. */
struct db_param db_param_str(const char *s);
/* An id of 0 or less binds SQL NULL. */
struct db_param db_param_id(long long id);

/* A fetched row: every column as text (NULL pointer for SQL NULL), valid only
 * inside the row callback. */
struct db_row {
    size_t ncols;
    char **val;
    unsigned long *len;
};

typedef int (*db_row_fn)(void *ctx, const struct db_row *row, struct app_err *err);

#define DB_DUPLICATE (-2) /* db_exec: a unique key refused the row; err is left unset */
/* db_query/db_select: the statement's own time limit (SET STATEMENT max_statement_time
 * … FOR) stopped it; err is left unset for the caller to say what was too broad. */
#define DB_TIMEOUT (-3)

/* For the command-line tool's schema changes and backfills: connections made after
 * this wait for a statement as long as it takes. The workers keep a 3 s limit, which
 * bounds a request; an ALTER TABLE or a backfill batch on a large desk may take longer,
 * and a client that gives up would leave a change applied but not recorded. */
void db_allow_long_statements(void);
/* Connect now if not connected (the first query also does). With DESKPILOT_DB_HOSTS,
 * to the first host in the list that did not fail lately, else the next (see
 * core/host_list.h). 503 when none is reachable. */
int db_connect(struct app_err *err);
/* Close the connection and every cached statement. */
void db_close(void);
/* SELECT 1 round trip; 503 when the server cannot be reached. */
int db_ping(struct app_err *err);
/* Run a query that returns rows; fn runs once per row (may be NULL). Statements
 * are prepared once per connection and cached by the sql pointer, so pass string
 * literals. A lost connection or node is re-established (on the next host of a
 * list) and the statement run again when that is safe: outside a transaction, a
 * read, or a write that surely never ran; else 503. */
int db_query(const char *sql, const struct db_param *params, size_t nparams, db_row_fn fn,
             void *ctx, struct app_err *err);
/* Run a statement without rows. affected/insert_id may be NULL. Returns 0,
 * DB_DUPLICATE for a duplicate key, or -1 with err set. */
int db_exec(const char *sql, const struct db_param *params, size_t nparams,
            unsigned long long *affected, unsigned long long *insert_id, struct app_err *err);
/* The same for SQL built at run time (the backup's per-table statements, from
 * identifiers the server listed, never from input): prepared, run and closed each
 * time, never cached, since the cache knows a statement by its text's address. */
int db_query_built(const char *sql, const struct db_param *params, size_t nparams, db_row_fn fn,
                   void *ctx, struct app_err *err);
int db_exec_built(const char *sql, const struct db_param *params, size_t nparams,
                  struct app_err *err);
int db_begin(struct app_err *err);
int db_commit(struct app_err *err);
/* After a failed statement or COMMIT: the transaction was rolled back before it was
 * committed (its node was lost or refused it, or Galera's certification failed), so
 * running the whole transaction again is safe. False when the COMMIT got no answer:
 * its outcome is unknown. */
bool db_replayable(void);
/* Roll back if a transaction is open; harmless otherwise. */
void db_rollback(void);
bool db_in_transaction(void);
/* For db_tx_retry (db_tx.h): the server's error code of the latest failure (0 after
 * db_last_error_clear, which also forgets db_replayable), and a counter that moves whenever
 * something became durable (a COMMIT acknowledged, a write outside a transaction). */
unsigned int db_last_error(void);
void db_last_error_clear(void);
unsigned long long db_durable_count(void);
/* Run SQL text with several statements (migrations only: trusted files, no values). */
int db_exec_script(const char *sql, size_t len, struct app_err *err);

/* Row helpers. */
long long db_row_ll(const struct db_row *row, size_t i); /* 0 for NULL */
double db_row_dbl(const struct db_row *row, size_t i);   /* 0 for NULL */
bool db_row_null(const struct db_row *row, size_t i);
/* A copy in the arena, NULL for SQL NULL (and on out-of-memory, with err set). */
char *db_row_dup(struct arena *a, const struct db_row *row, size_t i, struct app_err *err);

/* Callback collecting one long long from the first column of the last row. */
int db_row_first_ll(void *ctx, const struct db_row *row, struct app_err *err);

#endif
