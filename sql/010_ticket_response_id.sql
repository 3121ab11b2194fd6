-- A ticket's reply may name the ticket ({{ticket_id}}), but the pipeline writes the
-- reply before the INSERT gives the ticket its id. The reply is stored as written,
-- with the placeholder (U+001F "ticket-id" U+001F, PIPELINE_ID_PLACEHOLDER), and
-- `response` puts the id in its place on reading: filing a ticket needs no second
-- write of its row. Writers set response_text; readers read response.
ALTER TABLE tickets CHANGE response response_text MEDIUMTEXT NULL;
ALTER TABLE tickets ADD COLUMN response MEDIUMTEXT
    AS (REPLACE(response_text, CONCAT(CHAR(31), 'ticket-id', CHAR(31)), id)) VIRTUAL
    AFTER response_text;
