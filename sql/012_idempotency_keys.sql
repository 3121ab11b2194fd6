-- Idempotency-Key (POST /api/tickets, POST /api/tickets/{id}/messages): a client's
-- retry after a lost answer must not file twice. The key is stored in the same
-- transaction as what it created, so a commit means the key is there, and the
-- unique key is what tells a retry: its INSERT fails as a duplicate (a concurrent
-- one waits for the first to commit or roll back). The request is kept as a
-- SHA-256 fingerprint only, to refuse a key reused for a different request. No
-- foreign keys: the claim stays one index write (a replay of a ticket since
-- deleted answers 404). Rows older than 24 hours are expired and pruned.
CREATE TABLE idempotency_keys (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT UNSIGNED NOT NULL,
    idem_key    VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    fingerprint BINARY(32) NOT NULL,
    ticket_id   BIGINT UNSIGNED NOT NULL,
    message_id  BIGINT UNSIGNED NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY idempotency_keys_user_key (user_id, idem_key),
    KEY idempotency_keys_created (created_at)
) ENGINE=InnoDB;
