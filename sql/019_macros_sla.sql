-- Macros: canned replies any agent can put in a reply box, with the placeholders of
-- the intents' reply templates. SLAs: per priority, the business minutes within which
-- a ticket's first response and its resolution are due, counted in the opening hours
-- of sla_calendar (one row: a weekly schedule's text and an IANA time zone). The due
-- times are computed in C when a ticket is filed or its priority changes and stored on
-- it; the resolution clock runs only while the desk has the ticket (OPEN, REOPENED),
-- and the business seconds it stood still (PENDING, resolved) are added to its budget.
CREATE TABLE macros (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title      VARCHAR(100) NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    UNIQUE KEY macros_title (title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sla_policies (
    priority               ENUM('low', 'normal', 'high', 'urgent') NOT NULL PRIMARY KEY,
    -- NULL: no target of that kind for the priority
    first_response_minutes INT UNSIGNED NULL,
    resolution_minutes     INT UNSIGNED NULL
) ENGINE=InnoDB;

CREATE TABLE sla_calendar (
    id        TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    time_zone VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'UTC',
    hours     VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
              DEFAULT 'mon-fri 09:00-17:00'
) ENGINE=InnoDB;
INSERT IGNORE INTO sla_calendar (id) VALUES (1);

ALTER TABLE tickets
    ADD COLUMN first_response_due_at DATETIME NULL,
    ADD COLUMN resolution_due_at     DATETIME NULL,
    -- since when the resolution clock stands still (PENDING, resolved, closed)
    ADD COLUMN sla_paused_at         DATETIME NULL,
    -- business seconds the resolution clock stood still before, settled into its budget
    ADD COLUMN sla_paused_seconds    INT UNSIGNED NOT NULL DEFAULT 0;
