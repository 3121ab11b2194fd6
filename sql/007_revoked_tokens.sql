-- Tokens ended before their expiry (logout). Rows are useless once expires_at has
-- passed and are deleted as new ones arrive.
CREATE TABLE revoked_tokens (
    jti        CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    expires_at DATETIME NOT NULL,
    KEY revoked_tokens_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
