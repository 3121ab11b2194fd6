-- Mail in (issue 16): where a ticket came from, and every message we took from the
-- mail, so the same message delivered twice is stored once. `deskpilot mail-in`
-- claims the message's key here in the transaction that stores its ticket or
-- message: a commit means the row is there, and the unique key tells a repeat (its
-- INSERT fails as a duplicate; a concurrent one waits for the first to commit or
-- roll back). mail_key is the Message-ID without its angle brackets, or
-- "sha256:" and the hex digest of the raw message when it has no usable one.
-- First `response` (sql/010) is spelled with its collations: a server re-reads a
-- generated column's expression under the session's collation when the table is
-- altered, and the implicit ones of sql/010 then clash (error 1270).
ALTER TABLE tickets MODIFY response MEDIUMTEXT
    AS (REPLACE(response_text,
                CONVERT(CONCAT(CHAR(31), 'ticket-id', CHAR(31)) USING utf8mb4) COLLATE utf8mb4_unicode_ci,
                CONVERT(id USING utf8mb4) COLLATE utf8mb4_unicode_ci)) VIRTUAL;
ALTER TABLE tickets ADD COLUMN channel ENUM('web', 'mail') NOT NULL DEFAULT 'web' AFTER priority;

CREATE TABLE mail_inbound (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    mail_key    VARCHAR(998) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ticket_id   BIGINT UNSIGNED NOT NULL,
    -- the follow-up message it became; NULL when it became the ticket itself
    message_id  BIGINT UNSIGNED NULL,
    sender      VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    -- why it was automatic mail (bounce, auto-reply, list): it got no automatic answer
    automatic   VARCHAR(64) CHARACTER SET ascii NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY mail_inbound_key (mail_key),
    KEY mail_inbound_ticket (ticket_id, id),
    CONSTRAINT mail_inbound_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
