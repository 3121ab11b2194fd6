-- PENDING: staff answered without resolving and wait for the customer (out of the
-- agents' queue until the customer writes back). Internal notes: messages among staff,
-- never shown or sent to the customer.
ALTER TABLE tickets MODIFY status
    ENUM('OPEN', 'AUTO_RESOLVED', 'RESOLVED', 'REOPENED', 'CLOSED', 'PENDING') NOT NULL DEFAULT 'OPEN';
ALTER TABLE ticket_messages ADD COLUMN internal TINYINT(1) NOT NULL DEFAULT 0;
