-- Password reset (issue 18): "Forgot password?" mails a single-use link that expires.
--
-- A request writes a password_resets row (no token yet) and an outbox row of kind
-- password_reset naming it, in one transaction. The sender (`deskpilot mail-out`)
-- draws the token when it builds the mail and stores only its SHA-256 here, so the
-- token itself exists only in the mail: never in the outbox, a log or a backup. A
-- retried mail draws a new token (the newest mail's link is the one that works).
-- Using it is one UPDATE ... WHERE used_at IS NULL AND expires_at > now: atomic, so a
-- link works once however many times it is sent.
CREATE TABLE password_resets (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT UNSIGNED NOT NULL,
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME NULL,
    UNIQUE KEY password_resets_token (token_hash),
    KEY password_resets_user (user_id, id),
    KEY password_resets_expiry (expires_at),
    CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A mail that belongs to no ticket names its password_resets row instead (ticket_id 0).
ALTER TABLE outbox
    MODIFY kind ENUM('auto_answer', 'reply', 'resolved', 'closed', 'password_reset') NOT NULL,
    ADD COLUMN reset_id BIGINT UNSIGNED NULL;

-- A reset ends every session of the user: tokens issued (iat, unix seconds) before
-- tokens_valid_from are refused by the query every authenticated request makes.
ALTER TABLE users ADD COLUMN tokens_valid_from BIGINT NOT NULL DEFAULT 0;
