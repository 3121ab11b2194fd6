/* db_attachments: attachment rows, their chunks and the hour's bytes. */
#include "db/db_attachments.h"

#include "db/db.h"
#include "db/db_rows.h"

#define TS(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define ATTACHMENT_COLS                                                                            \
    "a.id, a.public_id, a.ticket_id, a.message_id, a.uploader_id, a.name, a.content_type, "        \
    "a.size, a.width, a.height, COALESCE(m.internal, 0), " TS(                                     \
        "a.created_at") " FROM attachments a LEFT JOIN ticket_messages m ON m.id = a.message_id "

static const struct db_col cols[] = {
    DBC(DBC_LL, struct attachment, id),
    DBC(DBC_STR, struct attachment, public_id),
    DBC(DBC_LL, struct attachment, ticket_id),
    DBC(DBC_LL, struct attachment, message_id),
    DBC(DBC_LL, struct attachment, uploader_id),
    DBC(DBC_STR, struct attachment, name),
    DBC(DBC_STR, struct attachment, content_type),
    DBC(DBC_LL, struct attachment, size),
    DBC(DBC_LL, struct attachment, width),
    DBC(DBC_LL, struct attachment, height),
    DBC(DBC_BOOL, struct attachment, internal),
    DBC(DBC_STR, struct attachment, created_at),
};
static const struct db_layout layout = DB_LAYOUT(struct attachment, cols);

int db_attachments_insert(struct attachment *at, const unsigned char *data, size_t len,
                          struct app_err *err)
{
    unsigned long long id = 0;
    if (db_exec("INSERT INTO attachments (public_id, ticket_id, message_id, uploader_id, name, "
                "content_type, size, width, height, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
                DB_PARAMS(DBP_STR(at->public_id), DBP_INT(at->ticket_id),
                          db_param_id(at->message_id), db_param_id(at->uploader_id),
                          DBP_STR(at->name), DBP_STR(at->content_type), DBP_INT(len),
                          at->width > 0 ? DBP_INT(at->width) : DBP_NULL,
                          at->height > 0 ? DBP_INT(at->height) : DBP_NULL),
                NULL, &id, err))
        return -1;
    at->id = (long long)id;
    at->size = (long long)len;
    for (size_t off = 0, seq = 0; off < len; off += DB_ATTACHMENT_CHUNK, seq++) {
        size_t n = len - off < DB_ATTACHMENT_CHUNK ? len - off : DB_ATTACHMENT_CHUNK;
        if (db_exec("INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)",
                    DB_PARAMS(DBP_INT(at->id), DBP_INT(seq), DBP_BLOB((const char *)data + off, n)),
                    NULL, NULL, err))
            return -1;
    }
    return 0;
}

int db_attachments_count(long long ticket_id, long long *n, struct app_err *err)
{
    *n = 0;
    return db_query("SELECT COUNT(*) FROM attachments WHERE ticket_id = ?",
                    DB_PARAMS(DBP_INT(ticket_id)), db_row_first_ll, n, err);
}

int db_attachments_of_ticket(struct arena *a, long long ticket_id, int max, struct attachment **out,
                             int *n, struct app_err *err)
{
    void *rows = NULL;
    int rc =
        db_select(a, "SELECT " ATTACHMENT_COLS "WHERE a.ticket_id = ? ORDER BY a.id LIMIT ?",
                  DB_PARAMS(DBP_INT(ticket_id), DBP_INT(max)), &layout, max, NULL, &rows, n, err);
    *out = rows;
    return rc;
}

int db_attachments_by_public(struct arena *a, const char *public_id, struct attachment *at,
                             bool *found, struct app_err *err)
{
    int n = 0;
    int rc = db_select(a, "SELECT " ATTACHMENT_COLS "WHERE a.public_id = ?",
                       DB_PARAMS(DBP_STR(public_id)), &layout, 1, at, NULL, &n, err);
    *found = rc == 0 && n == 1;
    return rc;
}

struct message_row {
    long long ticket_id, author_id;
};
static const struct db_col message_cols[] = {
    DBC(DBC_LL, struct message_row, ticket_id),
    DBC(DBC_LL, struct message_row, author_id),
};
static const struct db_layout message_layout = DB_LAYOUT(struct message_row, message_cols);

int db_attachments_message(long long message_id, long long *ticket_id, long long *author_id,
                           bool *found, struct app_err *err)
{
    struct message_row row = {0, 0};
    int n = 0;
    int rc = db_select(NULL, "SELECT ticket_id, author_id FROM ticket_messages WHERE id = ?",
                       DB_PARAMS(DBP_INT(message_id)), &message_layout, 1, &row, NULL, &n, err);
    *found = rc == 0 && n == 1;
    *ticket_id = row.ticket_id;
    *author_id = row.author_id;
    return rc;
}

static int append_chunk(void *ctx, const struct db_row *row, struct app_err *err)
{
    if (!row->val[0])
        return 0;
    return buf_append(ctx, row->val[0], row->len[0]) ? err_unavailable(err, "out of memory") : 0;
}

int db_attachments_read(long long id, struct buf *out, struct app_err *err)
{
    return db_query("SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq",
                    DB_PARAMS(DBP_INT(id)), append_chunk, out, err);
}

int db_attachments_quota(long long user_id, long long hour, long long bytes, long long *total,
                         struct app_err *err)
{
    /* As db_tickets_count_quota: the row holds one hour, a later one starts afresh
     * (its ticket count too), an earlier one (a clock step back) moves nothing back.
     * n and bytes are assigned before hour, so they compare with the old hour. */
    if (db_exec("INSERT INTO ticket_quota (user_id, hour, n, bytes) VALUES (?, ?, 0, ?) "
                "ON DUPLICATE KEY UPDATE "
                "bytes = IF(hour = VALUES(hour), bytes + VALUES(bytes), "
                "IF(hour < VALUES(hour), VALUES(bytes), bytes)), "
                "n = IF(hour < VALUES(hour), 0, n), hour = GREATEST(hour, VALUES(hour))",
                DB_PARAMS(DBP_INT(user_id), DBP_INT(hour), DBP_INT(bytes)), NULL, NULL, err))
        return -1;
    *total = 0;
    return db_query("SELECT bytes FROM ticket_quota WHERE user_id = ?", DB_PARAMS(DBP_INT(user_id)),
                    db_row_first_ll, total, err);
}
