-- Known solutions for the similarity search, in the order they appeared, and the
-- trained models. A worker's model covers solutions up to its watermark; newer ones
-- are added to the worker's in-memory delta, so they are findable at once.
CREATE TABLE solutions (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id  BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY solutions_ticket (ticket_id),
    CONSTRAINT solutions_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO solutions (ticket_id, created_at)
    SELECT id, COALESCE(resolved_at, updated_at) FROM tickets
    WHERE response_source = 'agent' AND status IN ('RESOLVED', 'CLOSED') ORDER BY id;

CREATE TABLE model_versions (
    version            BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    solution_watermark BIGINT UNSIGNED NOT NULL DEFAULT 0,
    intents            INT UNSIGNED NOT NULL DEFAULT 0,
    examples           INT UNSIGNED NOT NULL DEFAULT 0,
    tickets            INT UNSIGNED NOT NULL DEFAULT 0,
    train_ms           INT UNSIGNED NOT NULL DEFAULT 0,
    actor_id           BIGINT UNSIGNED NULL,
    created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
