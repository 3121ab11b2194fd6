-- The search index (issue 17): one row per distinct term of a ticket's search text
-- (lib/ai/search_terms.h), with how often it stands where the customer reads it and in
-- internal notes. It replaces the FULLTEXT index of sql/018, which reads every
-- posting of every word asked for at ~9 µs each (a word in 2 % of 100,000 tickets cost
-- a search 18 ms, a common one 380 ms): here a search reads the postings of its rarest
-- word in key order and looks the others up by primary key, and a word in many
-- tickets is read newest first and only as far as a page needs (lib/ticket/ticket_list.c).
-- The writers keep it in the transaction that writes the search text. ticket_id is
-- indexed for the cascade and for making a ticket's rows again.
-- The search texts are made again by `deskpilot migrate` (ticket_search_prepare),
-- which writes each ticket's rows with them: NULL here means "to be made".
CREATE TABLE ticket_terms (
    term      VARBINARY(200) NOT NULL,
    ticket_id BIGINT UNSIGNED NOT NULL,
    hits      SMALLINT UNSIGNED NOT NULL,
    note_hits SMALLINT UNSIGNED NOT NULL,
    PRIMARY KEY (term, ticket_id),
    KEY ticket_terms_ticket (ticket_id),
    CONSTRAINT ticket_terms_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id)
        ON DELETE CASCADE
) ENGINE=InnoDB;
ALTER TABLE tickets DROP INDEX IF EXISTS tickets_search;
UPDATE tickets SET search_text = NULL;
