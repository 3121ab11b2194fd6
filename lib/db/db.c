/* db: one connection per worker process with a cache of prepared statements. */
#include "db/db.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/config.h"
#include "core/host_list.h"
#include "core/log.h"

/* Statements kept prepared per connection: every static one a worker group runs
 * (the search alone has 68 by number of words and rows); past it, a statement is
 * prepared and closed at each use. 30 workers x 256 stay far under the server's
 * max_prepared_stmt_count (16,382). */
#define STMT_CACHE 256
#define DB_MAX_PARAMS 32
#define DB_MAX_BUILT_PARAMS 4096 /* db_exec_built's batches */

static MYSQL *conn;
static bool in_tx;
/* What db_tx_retry watches (db_tx.c): the server's code of the latest failure, and a
 * count of what has become durable — commits, and writes outside a transaction. */
static unsigned int last_code;
static unsigned long long durable;
static struct {
    const char *sql;
    MYSQL_STMT *stmt;
} cache[STMT_CACHE];
static size_t ncache;
/* The last statement built at run time, kept while the same text comes again (a
 * restore inserts many rows into one table with one statement). */
static struct {
    char *sql;
    MYSQL_STMT *stmt;
} built;

static void built_forget(void)
{
    if (built.stmt)
        mysql_stmt_close(built.stmt);
    free(built.sql);
    built.sql = NULL;
    built.stmt = NULL;
}

struct db_param db_param_str(const char *s)
{
    if (!s)
        return DBP_NULL;
    return DBP_STRN(s, strlen(s));
}

struct db_param db_param_id(long long id)
{
    return id > 0 ? DBP_INT(id) : DBP_NULL;
}

static bool conn_lost(unsigned int code)
{
    return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR ||
           code == CR_CONN_HOST_ERROR || code == CR_COMMANDS_OUT_OF_SYNC ||
           code == ER_CONNECTION_KILLED || code == CR_SERVER_LOST_EXTENDED;
}

/* A Galera node that is not part of the primary component, or not synced yet (a
 * joiner), refuses every statement with 1047 "WSREP has not yet prepared node for
 * application use": for us it is down, and nothing was run. */
static bool node_refused(unsigned int code, const char *msg)
{
    return code == ER_UNKNOWN_COM_ERROR && strncmp(msg, "WSREP", 5) == 0;
}

/* The node is gone or unusable: the connection is dropped and the host skipped. */
static bool node_lost(unsigned int code, const char *msg)
{
    return conn_lost(code) || node_refused(code, msg);
}

/* The failure surely came before the server ran anything: the statement never
 * reached it (2006: the connection was already gone) or the node refused it. A write
 * lost in flight (2013) may have been committed, so only these are run again. */
static bool never_ran(unsigned int code, const char *msg)
{
    return code == CR_SERVER_GONE_ERROR || node_refused(code, msg);
}

/* The hosts of DESKPILOT_DB_HOSTS (config_load checked the list) and the one the
 * connection is to; with no list, DESKPILOT_DB_HOST alone (and no hold). */
static struct host_list hosts;
static bool hosts_read;
static int cur_host = -1;
/* What the last failure left: a transaction rolled back before COMMIT was sent. */
static bool replayable;

static void hosts_load(void)
{
    if (hosts_read)
        return;
    char msg[256];
    if (host_list_parse(&hosts, g_config.db_hosts, msg, sizeof msg))
        log_warn("%s", msg); /* not reached: config_load refuses it */
    hosts_read = true;
}

static void host_failed(const char *why)
{
    if (cur_host < 0)
        return;
    const struct host_entry *h = &hosts.h[cur_host];
    log_warn("database host %s:%d failed (%s); skipped for %lld s", h->host, h->port, why,
             (long long)g_config.db_host_hold);
    host_list_down(&hosts, cur_host, time(NULL), (long)g_config.db_host_hold);
}

void db_close(void)
{
    for (size_t i = 0; i < ncache; i++)
        mysql_stmt_close(cache[i].stmt);
    ncache = 0;
    built_forget();
    if (conn)
        mysql_close(conn);
    conn = NULL;
    in_tx = false;
}

/* Seconds a read or write on the connection may wait; 0: DESKPILOT_DB_TIMEOUT (the
 * workers'), set by db_allow_long_statements for the tool's long statements. */
static unsigned int io_timeout;

void db_allow_long_statements(void)
{
    io_timeout = 86400;
}

/* One connection attempt to host:port (or the socket); msg gets the reason. */
static MYSQL *connect_to(const char *host, unsigned int port, const char *sock, char *msg,
                         size_t msglen)
{
    const struct config *c = &g_config;
    MYSQL *m = mysql_init(NULL);
    if (!m) {
        snprintf(msg, msglen, "mysql_init: out of memory");
        return NULL;
    }
    /* A host that does not accept within 3 s is down; a statement may take the
     * configured time (a Galera cluster holds writes while it notices a dead node). */
    unsigned int timeout = 3, io = io_timeout ? io_timeout : (unsigned int)c->db_timeout;
    if (mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4") ||
        mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout) ||
        mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &io) ||
        mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &io) ||
        mysql_options(m, MYSQL_INIT_COMMAND,
                      "SET time_zone = '+00:00', "
                      "sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")) {
        mysql_close(m);
        snprintf(msg, msglen, "mysql_options failed");
        return NULL;
    }
    if (!mysql_real_connect(m, host, c->db_user, c->db_password, c->db_name, port, sock, 0)) {
        snprintf(msg, msglen, "%s", mysql_error(m));
        mysql_close(m);
        return NULL;
    }
    return m;
}

int db_connect(struct app_err *err)
{
    if (conn)
        return 0;
    const struct config *c = &g_config;
    char msg[256] = "";
    hosts_load();
    if (hosts.n == 0) {
        conn = connect_to(c->db_host, (unsigned int)c->db_port,
                          c->db_socket[0] ? c->db_socket : NULL, msg, sizeof msg);
    } else {
        /* The hosts that did not fail lately in their order, then the others. */
        int order[HOST_LIST_MAX];
        size_t n = host_list_order(&hosts, time(NULL), order);
        for (size_t k = 0; k < n && !conn; k++) {
            const struct host_entry *h = &hosts.h[order[k]];
            conn = connect_to(h->host, (unsigned int)h->port, NULL, msg, sizeof msg);
            cur_host = order[k];
            if (!conn)
                host_failed(msg);
            else if (k > 0 || order[k] != 0)
                log_info("database: connected to %s:%d", h->host, h->port);
        }
    }
    if (!conn) {
        int rc = err_unavailable(err, "connect: %s", msg);
        err->retry_after = (int)c->db_retry_after;
        log_warn("database connect failed: %s", msg);
        return rc;
    }
    return 0;
}

/* Map a failure to the request's error; drop the connection when it is gone. */
#define ER_STATEMENT_TIMEOUT_CODE 1969 /* ER_STATEMENT_TIMEOUT: max_statement_time */

static int fail(unsigned int code, const char *what, const char *msg, struct app_err *err)
{
    last_code = code;
    if (code == ER_STATEMENT_TIMEOUT_CODE)
        return DB_TIMEOUT;
    if (code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT) {
        /* A deadlock victim, a Galera certification failure (reported as a deadlock,
         * on any statement or on COMMIT) or a lock wait too long: the transaction did
         * not commit and may simply be run again (db_tx_retry does, once). */
        int rc = err_unavailable(err, "%s: [%u] %s", what, code, msg);
        err->retry_after = 1;
        return rc;
    }
    if (node_lost(code, msg)) {
        log_warn("database connection lost (%s): %s", what, msg);
        host_failed(msg);
        db_close();
        int rc = err_unavailable(err, "%s: %s", what, msg);
        err->retry_after = (int)g_config.db_retry_after;
        return rc;
    }
    return err_internal(err, "%s: [%u] %s", what, code, msg);
}

/* The statement for sql: from the cache, or prepared now (and kept when cacheable). */
static MYSQL_STMT *stmt_get(const char *sql, bool cacheable, unsigned int *code, char *msg,
                            size_t msglen)
{
    for (size_t i = 0; cacheable && i < ncache; i++)
        if (cache[i].sql == sql)
            return cache[i].stmt;
    if (!cacheable && built.sql && strcmp(built.sql, sql) == 0)
        return built.stmt;
    MYSQL_STMT *st = mysql_stmt_init(conn);
    if (!st) {
        *code = mysql_errno(conn);
        snprintf(msg, msglen, "mysql_stmt_init failed");
        return NULL;
    }
    if (mysql_stmt_prepare(st, sql, strlen(sql))) {
        *code = mysql_stmt_errno(st);
        snprintf(msg, msglen, "%s", mysql_stmt_error(st));
        mysql_stmt_close(st);
        return NULL;
    }
    my_bool on = 1;
    mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
    if (cacheable && ncache < STMT_CACHE) {
        cache[ncache].sql = sql;
        cache[ncache].stmt = st;
        ncache++;
    } else if (!cacheable) {
        char *copy = strdup(sql);
        if (copy) { /* without memory it is simply not kept */
            built_forget();
            built.sql = copy;
            built.stmt = st;
        }
    }
    return st;
}

static void stmt_release(MYSQL_STMT *st)
{
    if (st == built.stmt) {
        mysql_stmt_free_result(st);
        return;
    }
    for (size_t i = 0; i < ncache; i++)
        if (cache[i].stmt == st) {
            /* Only the client's copy of the result goes. mysql_stmt_reset would also
             * reset the statement on the server, a round trip per statement, for state
             * we never create (cursors, long data): a prepared statement can simply be
             * executed again. */
            mysql_stmt_free_result(st);
            return;
        }
    mysql_stmt_close(st); /* the cache was full: this one was not kept */
}

static int bind_params(MYSQL_STMT *st, const struct db_param *p, size_t n, MYSQL_BIND *b,
                       unsigned long *lens)
{
    if (mysql_stmt_param_count(st) != n)
        return -1;
    memset(b, 0, sizeof *b * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        switch (p[i].type) {
        case DBP_NULL_T:
            b[i].buffer_type = MYSQL_TYPE_NULL;
            break;
        case DBP_INT_T:
            b[i].buffer_type = MYSQL_TYPE_LONGLONG;
            b[i].buffer = (void *)&p[i].i;
            break;
        case DBP_DBL_T:
            b[i].buffer_type = MYSQL_TYPE_DOUBLE;
            b[i].buffer = (void *)&p[i].d;
            break;
        case DBP_STR_T:
        case DBP_BLOB_T:
            /* A BLOB parameter is sent as bytes, never converted as text. */
            b[i].buffer_type = p[i].type == DBP_BLOB_T ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            b[i].buffer = (void *)p[i].s;
            lens[i] = (unsigned long)p[i].len;
            b[i].buffer_length = lens[i];
            b[i].length = &lens[i];
            break;
        }
    }
    return n ? (mysql_stmt_bind_param(st, b) ? -1 : 0) : 0;
}

static bool is_text_type(enum enum_field_types t)
{
    return t == MYSQL_TYPE_STRING || t == MYSQL_TYPE_VAR_STRING || t == MYSQL_TYPE_VARCHAR ||
           t == MYSQL_TYPE_BLOB || t == MYSQL_TYPE_TINY_BLOB || t == MYSQL_TYPE_MEDIUM_BLOB ||
           t == MYSQL_TYPE_LONG_BLOB || t == MYSQL_TYPE_JSON || t == MYSQL_TYPE_NEWDECIMAL ||
           t == MYSQL_TYPE_DECIMAL || t == MYSQL_TYPE_ENUM || t == MYSQL_TYPE_SET;
}

/* Fetch all rows as text and hand each to fn. */
static int fetch_rows(MYSQL_STMT *st, db_row_fn fn, void *ctx, struct app_err *err)
{
    MYSQL_RES *meta = mysql_stmt_result_metadata(st);
    if (!meta)
        return 0;
    if (mysql_stmt_store_result(st)) {
        mysql_free_result(meta);
        return fail(mysql_stmt_errno(st), "store_result", mysql_stmt_error(st), err);
    }
    size_t n = mysql_num_fields(meta);
    MYSQL_FIELD *fields = mysql_fetch_fields(meta);
    MYSQL_BIND *b = calloc(n, sizeof *b);
    char **val = calloc(n, sizeof *val);
    char **bufs = calloc(n, sizeof *bufs);
    unsigned long *len = calloc(n, sizeof *len);
    my_bool *isnull = calloc(n, sizeof *isnull);
    int rc = 0;
    if (!b || !val || !bufs || !len || !isnull) {
        rc = err_unavailable(err, "out of memory fetching rows");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        size_t size = is_text_type(fields[i].type) ? fields[i].max_length + 1 : 64;
        bufs[i] = malloc(size);
        if (!bufs[i]) {
            rc = err_unavailable(err, "out of memory fetching rows");
            goto out;
        }
        b[i].buffer_type = MYSQL_TYPE_STRING;
        b[i].buffer = bufs[i];
        b[i].buffer_length = size;
        b[i].length = &len[i];
        b[i].is_null = &isnull[i];
    }
    if (mysql_stmt_bind_result(st, b)) {
        rc = fail(mysql_stmt_errno(st), "bind_result", mysql_stmt_error(st), err);
        goto out;
    }
    struct db_row row = {n, val, len};
    for (;;) {
        int f = mysql_stmt_fetch(st);
        if (f == MYSQL_NO_DATA)
            break;
        if (f == 1) {
            rc = fail(mysql_stmt_errno(st), "fetch", mysql_stmt_error(st), err);
            break;
        }
        if (f == MYSQL_DATA_TRUNCATED) {
            rc = err_internal(err, "fetch: column truncated");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            val[i] = isnull[i] ? NULL : bufs[i];
            if (val[i])
                val[i][len[i] < b[i].buffer_length ? len[i] : b[i].buffer_length - 1] = '\0';
        }
        if (fn && (rc = fn(ctx, &row, err)) != 0)
            break;
    }
out:
    for (size_t i = 0; bufs && i < n; i++)
        free(bufs[i]);
    free(b);
    free(val);
    free(bufs);
    free(len);
    free(isnull);
    mysql_free_result(meta);
    return rc;
}

/* The binds run() took from the heap, if any. */
static void unbind(MYSQL_BIND *b, MYSQL_BIND *small, unsigned long *lens, unsigned long *small_lens)
{
    if (b != small)
        free(b);
    if (lens != small_lens)
        free(lens);
}

/* A statement that only reads: run again after any lost connection. */
static bool reads_only(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '(')
        sql++;
    return strncasecmp(sql, "SELECT", 6) == 0 || strncasecmp(sql, "SHOW", 4) == 0;
}

/* How often a statement of its own goes to another connection: once more with one
 * server (a reconnect), once per host with a list (the next host each time). */
static int connect_tries(void)
{
    hosts_load();
    return hosts.n > 1 ? (int)hosts.n : 2;
}

/* Prepare, bind and execute. A statement of its own (no transaction open) whose node
 * was lost is run again on the next host when that is safe: a read always, a write
 * only when it surely never ran (see never_ran). In a transaction the failure ends
 * it: 503, and replayable says whether it was rolled back before COMMIT. */
static int run(const char *sql, bool cacheable, const struct db_param *p, size_t np,
               MYSQL_STMT **out, struct app_err *err)
{
    for (int attempt = 0;; attempt++) {
        if (db_connect(err))
            return -1;
        unsigned int code = 0;
        char msg[256] = "";
        bool sent = false;
        MYSQL_STMT *st = stmt_get(sql, cacheable, &code, msg, sizeof msg);
        if (st) {
            /* Most statements bind a few parameters on the stack; a batch (a built one,
             * or the search index's rows) may bind more, from the heap. */
            MYSQL_BIND small[DB_MAX_PARAMS], *b = small;
            unsigned long small_lens[DB_MAX_PARAMS], *lens = small_lens;
            if (np > DB_MAX_PARAMS && np <= DB_MAX_BUILT_PARAMS) {
                b = calloc(np, sizeof *b);
                lens = calloc(np, sizeof *lens);
            }
            if (!b || !lens) {
                unbind(b, small, lens, small_lens);
                stmt_release(st);
                return err_unavailable(err, "out of memory");
            }
            if ((np > DB_MAX_PARAMS && b == small) || bind_params(st, p, np, b, lens)) {
                unbind(b, small, lens, small_lens);
                stmt_release(st);
                return err_internal(err, "bind_param: parameter count mismatch for %.80s", sql);
            }
            sent = true;
            int executed = mysql_stmt_execute(st);
            unbind(b, small, lens, small_lens); /* read by the execution only */
            if (executed == 0) {
                if (!in_tx && mysql_stmt_field_count(st) == 0)
                    durable++; /* a write on its own: committed by now */
                *out = st;
                return 0;
            }
            code = mysql_stmt_errno(st);
            snprintf(msg, sizeof msg, "%s", mysql_stmt_error(st));
            if (code == ER_DUP_ENTRY) {
                stmt_release(st);
                return DB_DUPLICATE;
            }
            stmt_release(st);
        }
        bool lost = node_lost(code, msg);
        if (lost && in_tx) /* whatever it had done is rolled back with the connection */
            replayable = true;
        /* A statement of its own that InnoDB chose as a deadlock's victim (rolled back
         * whole) is simply run again, a few times: two senders claiming mail at once. */
        bool deadlock = code == ER_LOCK_DEADLOCK && !in_tx && attempt < 3;
        bool safe = !sent || reads_only(sql) || never_ran(code, msg);
        bool retry = (lost && !in_tx && safe && attempt + 1 < connect_tries()) || deadlock;
        if (!retry || code == 0)
            return fail(code, "execute", msg, err);
        if (deadlock)
            continue;
        log_warn("database connection lost, reconnecting: %s", msg);
        host_failed(msg);
        db_close();
    }
}

static int query(const char *sql, bool cacheable, const struct db_param *params, size_t nparams,
                 db_row_fn fn, void *ctx, struct app_err *err)
{
    MYSQL_STMT *st;
    int rc = run(sql, cacheable, params, nparams, &st, err);
    if (rc)
        return rc == DB_DUPLICATE ? err_internal(err, "duplicate in a query") : rc;
    rc = fetch_rows(st, fn, ctx, err);
    if (conn)
        stmt_release(st);
    return rc;
}

static int exec(const char *sql, bool cacheable, const struct db_param *params, size_t nparams,
                unsigned long long *affected, unsigned long long *insert_id, struct app_err *err)
{
    MYSQL_STMT *st;
    int rc = run(sql, cacheable, params, nparams, &st, err);
    if (rc)
        return rc;
    if (affected)
        *affected = mysql_stmt_affected_rows(st);
    if (insert_id)
        *insert_id = mysql_stmt_insert_id(st);
    stmt_release(st);
    return 0;
}

int db_query(const char *sql, const struct db_param *params, size_t nparams, db_row_fn fn,
             void *ctx, struct app_err *err)
{
    return query(sql, true, params, nparams, fn, ctx, err);
}

int db_exec(const char *sql, const struct db_param *params, size_t nparams,
            unsigned long long *affected, unsigned long long *insert_id, struct app_err *err)
{
    return exec(sql, true, params, nparams, affected, insert_id, err);
}

int db_query_built(const char *sql, const struct db_param *params, size_t nparams, db_row_fn fn,
                   void *ctx, struct app_err *err)
{
    return query(sql, false, params, nparams, fn, ctx, err);
}

int db_exec_built(const char *sql, const struct db_param *params, size_t nparams,
                  struct app_err *err)
{
    return exec(sql, false, params, nparams, NULL, NULL, err);
}

static int simple(const char *sql, struct app_err *err)
{
    if (db_connect(err))
        return -1;
    if (mysql_query(conn, sql))
        return fail(mysql_errno(conn), sql, mysql_error(conn), err);
    return 0;
}

int db_begin(struct app_err *err)
{
    if (in_tx)
        return err_internal(err, "nested transaction");
    replayable = false;
    /* A dead connection or node is noticed here, before anything is written: the
     * next host is tried. */
    for (int attempt = 0;; attempt++) {
        if (simple("START TRANSACTION", err) == 0)
            break;
        if (err->code != ERR_UNAVAILABLE || attempt + 1 >= connect_tries())
            return -1;
        err_clear(err);
    }
    in_tx = true;
    return 0;
}

int db_commit(struct app_err *err)
{
    if (!in_tx)
        return err_internal(err, "commit without transaction");
    in_tx = false;
    if (db_connect(err))
        return -1;
    if (mysql_query(conn, "COMMIT") == 0) {
        durable++;
        return 0;
    }
    unsigned int code = mysql_errno(conn);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", mysql_error(conn));
    /* A node that refused the COMMIT, or a certification failure (a deadlock error on
     * COMMIT), rolled the transaction back; a COMMIT that got no answer may or may not
     * have been committed: 503, and never replayed (the client's Idempotency-Key makes
     * its own retry safe). */
    replayable = node_refused(code, msg) || code == ER_LOCK_DEADLOCK;
    if (conn_lost(code))
        log_warn("database: COMMIT got no answer, its outcome is unknown: %s", msg);
    return fail(code, "COMMIT", msg, err);
}

bool db_replayable(void)
{
    return replayable;
}

void db_rollback(void)
{
    if (!in_tx || !conn)
        return;
    in_tx = false;
    if (mysql_query(conn, "ROLLBACK"))
        log_warn("rollback failed: %s", mysql_error(conn));
}

bool db_in_transaction(void)
{
    return in_tx;
}

unsigned int db_last_error(void)
{
    return last_code;
}

void db_last_error_clear(void)
{
    last_code = 0;
    replayable = false;
}

unsigned long long db_durable_count(void)
{
    return durable;
}

int db_ping(struct app_err *err)
{
    long long one = 0;
    return db_query("SELECT 1", DB_NO_PARAMS, db_row_first_ll, &one, err);
}

int db_exec_script(const char *sql, size_t len, struct app_err *err)
{
    if (db_connect(err))
        return -1;
    if (mysql_set_server_option(conn, MYSQL_OPTION_MULTI_STATEMENTS_ON))
        return fail(mysql_errno(conn), "multi statements", mysql_error(conn), err);
    int rc = 0;
    if (mysql_real_query(conn, sql, (unsigned long)len)) {
        rc = fail(mysql_errno(conn), "script", mysql_error(conn), err);
    } else {
        int st;
        do {
            MYSQL_RES *r = mysql_store_result(conn);
            if (r)
                mysql_free_result(r);
            st = mysql_next_result(conn);
            if (st > 0)
                rc = fail(mysql_errno(conn), "script", mysql_error(conn), err);
        } while (st == 0);
    }
    if (conn)
        mysql_set_server_option(conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    return rc;
}

long long db_row_ll(const struct db_row *row, size_t i)
{
    return row->val[i] ? strtoll(row->val[i], NULL, 10) : 0;
}

double db_row_dbl(const struct db_row *row, size_t i)
{
    return row->val[i] ? strtod(row->val[i], NULL) : 0;
}

bool db_row_null(const struct db_row *row, size_t i)
{
    return row->val[i] == NULL;
}

char *db_row_dup(struct arena *a, const struct db_row *row, size_t i, struct app_err *err)
{
    if (!row->val[i])
        return NULL;
    char *s = arena_strndup(a, row->val[i], row->len[i]);
    if (!s)
        err_unavailable(err, "out of memory copying a column");
    return s;
}

int db_row_first_ll(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    *(long long *)ctx = db_row_ll(row, 0);
    return 0;
}
