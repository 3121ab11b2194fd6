-- The intent catalogue: what the classifier predicts and how each intent is answered.
CREATE TABLE intents (
    id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name              VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    description       VARCHAR(500) NOT NULL DEFAULT '',
    response_template TEXT NOT NULL,
    auto_resolve      TINYINT(1) NOT NULL DEFAULT 1,
    threshold         DOUBLE NULL,
    -- set by the feedback loop when measured precision falls below target
    auto_paused       TINYINT(1) NOT NULL DEFAULT 0,
    paused_reason     VARCHAR(255) NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    UNIQUE KEY intents_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE intent_examples (
    id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    intent_id BIGINT UNSIGNED NOT NULL,
    text      VARCHAR(1000) NOT NULL,
    KEY intent_examples_intent (intent_id, id),
    CONSTRAINT intent_examples_intent_fk FOREIGN KEY (intent_id) REFERENCES intents (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
