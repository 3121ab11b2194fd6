-- Search agents can trust (issue 17): one stemmed text per ticket, kept by the writers
-- in the transaction of each change (lib/ticket/ticket_search.c; no triggers). It holds
-- the subject, the body, every message but the system's (internal notes in a form only
-- staff searches ask for), and the customer's name and address. NULL = not indexed yet:
-- SQL cannot stem, so `deskpilot migrate` fills the column in after applying this
-- (ticket_search_prepare), and only then adds its FULLTEXT index, tickets_search,
-- built whole from the filled rows instead of keeping one deleted entry per UPDATE,
-- which every later search would have to skip. The old index over subject and body
-- served the search this replaces.
ALTER TABLE tickets ADD COLUMN search_text MEDIUMTEXT NULL;
ALTER TABLE tickets DROP INDEX tickets_text;
