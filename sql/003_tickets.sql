-- Tickets, their conversation and the customers' feedback on answers.
CREATE TABLE tickets (
    id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id       BIGINT UNSIGNED NOT NULL,
    assignee_id       BIGINT UNSIGNED NULL,
    subject           VARCHAR(200) NOT NULL,
    body              MEDIUMTEXT NOT NULL,
    status            ENUM('OPEN', 'AUTO_RESOLVED', 'RESOLVED', 'REOPENED', 'CLOSED') NOT NULL DEFAULT 'OPEN',
    priority          ENUM('low', 'normal', 'high', 'urgent') NOT NULL DEFAULT 'normal',
    intent            VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    confidence        DOUBLE NULL,
    decision          ENUM('AUTO_RESOLVE', 'SUGGEST', 'ESCALATE') NULL,
    decision_reason   VARCHAR(500) NOT NULL DEFAULT '',
    similar_ticket_id BIGINT UNSIGNED NULL,
    similarity        DOUBLE NULL,
    response          MEDIUMTEXT NULL,
    response_source   ENUM('similar_ticket', 'intent_template', 'fallback_template', 'agent') NULL,
    -- 1 once the response went to the customer (auto-answer or agent reply)
    response_sent     TINYINT(1) NOT NULL DEFAULT 0,
    -- counts responses sent, so feedback is "once per response"
    response_no       INT UNSIGNED NOT NULL DEFAULT 0,
    -- the agent allowed this resolution to be sent automatically to others
    reusable          TINYINT(1) NOT NULL DEFAULT 0,
    created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    resolved_at       DATETIME NULL,
    first_response_at DATETIME NULL,
    KEY tickets_customer (customer_id, id),
    KEY tickets_status (status, id),
    KEY tickets_intent (intent, id),
    KEY tickets_assignee (assignee_id, id),
    KEY tickets_queue (status, created_at),
    KEY tickets_created (created_at),
    FULLTEXT KEY tickets_text (subject, body),
    CONSTRAINT tickets_customer_fk FOREIGN KEY (customer_id) REFERENCES users (id),
    CONSTRAINT tickets_assignee_fk FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ticket_messages (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id   BIGINT UNSIGNED NOT NULL,
    author_id   BIGINT UNSIGNED NULL,
    author_role ENUM('customer', 'agent', 'admin', 'system') NOT NULL,
    body        MEDIUMTEXT NOT NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY ticket_messages_ticket (ticket_id, id),
    CONSTRAINT ticket_messages_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
    CONSTRAINT ticket_messages_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE feedback (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id       BIGINT UNSIGNED NOT NULL,
    customer_id     BIGINT UNSIGNED NOT NULL,
    response_no     INT UNSIGNED NOT NULL,
    helpful         TINYINT(1) NOT NULL,
    rating          TINYINT UNSIGNED NULL,
    comment         TEXT NULL,
    -- what was rated: lets the feedback loop measure each intent's auto precision
    response_source ENUM('similar_ticket', 'intent_template', 'fallback_template', 'agent') NULL,
    was_auto        TINYINT(1) NOT NULL DEFAULT 0,
    intent          VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY feedback_once (ticket_id, response_no),
    KEY feedback_intent (intent, was_auto),
    KEY feedback_created (created_at),
    CONSTRAINT feedback_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
    CONSTRAINT feedback_customer_fk FOREIGN KEY (customer_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
