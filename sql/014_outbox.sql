-- The outbox: every mail a customer is to receive, written in the same transaction
-- as the change it tells of (an automatic answer, an agent's reply, a ticket marked
-- resolved or closed by staff), so a commit means the mail is queued and a rollback
-- means it never existed. `deskpilot mail-out` delivers it over SMTP.
--
-- A sender claims due rows with one UPDATE that writes its claim token and pushes
-- next_attempt_at past a lease: InnoDB locks the rows it changes, so a second
-- sender re-reads them as not due and never claims the same row. Every later
-- change names the token, so a sender whose lease ran out changes nothing.
-- The Message-ID is fixed at the first claim and kept across retries (the same
-- mail re-sent keeps its id); later mails of the ticket refer to it for threading.
-- No foreign key: the INSERT on the hot path stays one index write (a ticket is
-- never deleted but by a restore; the sender fails a row whose ticket is gone).
CREATE TABLE outbox (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id       BIGINT UNSIGNED NOT NULL,
    kind            ENUM('auto_answer', 'reply', 'resolved', 'closed') NOT NULL,
    -- what the customer reads: the answer or the reply (NULL for a status notice)
    body            MEDIUMTEXT NULL,
    -- the answer the feedback links of an automatic answer rate
    response_no     INT UNSIGNED NOT NULL DEFAULT 0,
    -- the random part of the Message-ID, chosen when queued
    nonce           CHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status          ENUM('queued', 'sent', 'failed') NOT NULL DEFAULT 'queued',
    attempts        INT UNSIGNED NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_error      VARCHAR(500) NULL,
    claim_token     CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
    message_id      VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at         DATETIME NULL,
    KEY outbox_due (status, next_attempt_at),
    KEY outbox_ticket (ticket_id, id),
    KEY outbox_claim (claim_token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
