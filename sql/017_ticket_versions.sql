-- Lost updates: every change of a ticket (a message, a note, a rating, a field) moves
-- its version, and a change based on an older one is refused (If-Match on the API, a
-- hidden field on the pages). ticket_viewers: who has a ticket's agent page open
-- (a short-lived mark, refreshed on every view).
ALTER TABLE tickets ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1;
CREATE TABLE ticket_viewers (
    ticket_id BIGINT UNSIGNED NOT NULL,
    user_id   BIGINT UNSIGNED NOT NULL,
    seen_at   DATETIME NOT NULL,
    PRIMARY KEY (ticket_id, user_id),
    KEY ticket_viewers_seen (seen_at)
) ENGINE=InnoDB;
