-- A resolution that stops standing (the ticket was reopened) is retracted: workers
-- drop it from their similarity search at once, as they add new ones.
ALTER TABLE solutions ADD COLUMN retracted TINYINT(1) NOT NULL DEFAULT 0 AFTER ticket_id;
