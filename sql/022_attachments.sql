-- Attachments (issue 18): files customers and staff add to a ticket or to one of its
-- messages. Stored in the database, in the transaction that acknowledges them, so a
-- 201 survives what the ticket survives, backups carry them and every app host of a
-- cluster sees them. A file is split into chunks of at most 256 KiB (attachment_chunks)
-- so no row comes near max_allowed_packet and a backup reads them a page at a time.
-- public_id is the random name URLs carry (never the row id). Rows go with their
-- ticket (ON DELETE CASCADE), their chunks with their attachment.
CREATE TABLE attachments (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id    CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ticket_id    BIGINT UNSIGNED NOT NULL,
    message_id   BIGINT UNSIGNED NULL,
    uploader_id  BIGINT UNSIGNED NULL,
    name         VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    size         BIGINT UNSIGNED NOT NULL,
    -- set only for an image whose every byte was checked to be that image
    width        INT UNSIGNED NULL,
    height       INT UNSIGNED NULL,
    created_at   DATETIME NOT NULL,
    UNIQUE KEY attachments_public (public_id),
    KEY attachments_ticket (ticket_id, id),
    CONSTRAINT attachments_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
    CONSTRAINT attachments_message_fk FOREIGN KEY (message_id) REFERENCES ticket_messages (id) ON DELETE CASCADE,
    CONSTRAINT attachments_uploader_fk FOREIGN KEY (uploader_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A single-column primary key: the backup pages through tables with blobs by it.
CREATE TABLE attachment_chunks (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    attachment_id BIGINT UNSIGNED NOT NULL,
    seq           INT UNSIGNED NOT NULL,
    data          MEDIUMBLOB NOT NULL,
    UNIQUE KEY attachment_chunks_seq (attachment_id, seq),
    CONSTRAINT attachment_chunks_fk FOREIGN KEY (attachment_id) REFERENCES attachments (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- The per-customer quota counts the bytes of the hour's attachments beside its tickets.
ALTER TABLE ticket_quota ADD COLUMN bytes BIGINT UNSIGNED NOT NULL DEFAULT 0;
