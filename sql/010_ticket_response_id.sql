-- A ticket's reply may name the ticket ({{ticket_id}}), but the pipeline writes the
-- reply before the INSERT gives the ticket its id. The reply is stored as written,
-- with the placeholder (U+001F "ticket-id" U+001F, PIPELINE_ID_PLACEHOLDER), and
-- `response` puts the id in its place on reading: filing a ticket needs no second
-- write of its row. Writers set response_text; readers read response.
ALTER TABLE tickets CHANGE response response_text MEDIUMTEXT NULL;
-- Every operand in the column's own collation: a later ALTER of the table evaluates
-- the expression again, and a mix (the connection's, latin1 numbers) is refused.
ALTER TABLE tickets ADD COLUMN response MEDIUMTEXT
    AS (REPLACE(response_text,
                CONVERT(CONCAT(CHAR(31), 'ticket-id', CHAR(31)) USING utf8mb4) COLLATE utf8mb4_unicode_ci,
                CONVERT(id USING utf8mb4) COLLATE utf8mb4_unicode_ci)) VIRTUAL
    AFTER response_text;
