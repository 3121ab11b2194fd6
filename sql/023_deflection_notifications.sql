-- Issue 18, points 3 and 5.
--
-- Deflections: a question the engine answered before it was filed, and the customer
-- said "Yes, that solved it". No ticket is stored, only the count and the intent. The
-- key is the SHA-256 of the signed token the suggestion carried, so one suggestion
-- counts once however often its "Yes" is sent.
CREATE TABLE deflections (
    token_hash BINARY(32) NOT NULL PRIMARY KEY,
    intent     VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    created_at DATETIME NOT NULL,
    KEY deflections_time (created_at, intent)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Notifications: what one user is told in the pages (an unread count in the header, a
-- list), written in the same transaction as the change it tells of. kind says what
-- happened; the ticket's subject is read with it (never a message body, so an
-- internal note can never reach a customer through here).
CREATE TABLE notifications (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT UNSIGNED NOT NULL,
    ticket_id  BIGINT UNSIGNED NOT NULL,
    kind       ENUM('reply', 'resolved', 'closed', 'new_ticket', 'ticket_changed') NOT NULL,
    created_at DATETIME NOT NULL,
    read_at    DATETIME NULL,
    -- the unread count (bounded) and the list, newest first
    KEY notifications_user (user_id, read_at, id),
    KEY notifications_list (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What staff choose to be told (no row: the defaults, new_tickets 0, assigned 1,
-- by_mail 0). Customers are always told of replies and resolutions, and their mail
-- is the outbox's own.
CREATE TABLE notification_prefs (
    user_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    new_tickets TINYINT(1) NOT NULL DEFAULT 0,
    assigned    TINYINT(1) NOT NULL DEFAULT 1,
    by_mail     TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- Mail to staff goes through the same outbox: recipient_id names them (NULL: the
-- ticket's customer, as before).
ALTER TABLE outbox ADD COLUMN recipient_id BIGINT UNSIGNED NULL AFTER ticket_id;
ALTER TABLE outbox MODIFY kind
    ENUM('auto_answer', 'reply', 'resolved', 'closed', 'password_reset', 'new_ticket',
         'ticket_changed') NOT NULL;
