-- One counter of "what a worker may have cached has changed": the settings, the
-- intent catalogue, the known solutions and the model versions. Workers read it with
-- the user row on every request and reload their caches only when it moved, so a
-- ticket costs no settings or catalogue queries, and an admin's change is still seen
-- by the next request. The writers in lib/db bump it (db_generation_bump), in the
-- transaction of their change. (This migration first made triggers do it; a server
-- with binary logging refuses to create triggers for an account without SUPER, which
-- is every shared host's, so sql/015 drops them where they were made.)
CREATE TABLE generation (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    n  BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO generation (id, n) VALUES (1, 1);
