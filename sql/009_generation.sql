-- One counter of "what a worker may have cached has changed": the settings, the
-- intent catalogue, the known solutions and the model versions. Workers read it with
-- the user row on every request and reload their caches only when it moved, so a
-- ticket costs no settings or catalogue queries, and an admin's change is still seen
-- by the next request. Triggers bump it, so no writer (API, pages, the command-line
-- tool, a hand-made change) can forget to. A batch writer (an import: one long
-- transaction) sets @deskpilot_batch and bumps once at its end instead, so it does not
-- hold the counter's row lock, and with it every resolution, for its whole length.
-- An intent's rating counters are not what a worker caches: they do not bump it.
CREATE TABLE generation (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    n  BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO generation (id, n) VALUES (1, 1);

CREATE TRIGGER generation_settings_ins AFTER INSERT ON settings FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_settings_upd AFTER UPDATE ON settings FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_settings_del AFTER DELETE ON settings FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_intents_ins AFTER INSERT ON intents FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_intents_upd AFTER UPDATE ON intents FOR EACH ROW
    IF @deskpilot_batch IS NULL AND NOT (NEW.name <=> OLD.name
        AND NEW.response_template <=> OLD.response_template AND NEW.auto_resolve <=> OLD.auto_resolve
        AND NEW.threshold <=> OLD.threshold AND NEW.auto_paused <=> OLD.auto_paused) THEN
        UPDATE generation SET n = n + 1 WHERE id = 1;
    END IF;
CREATE TRIGGER generation_intents_del AFTER DELETE ON intents FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_solutions_ins AFTER INSERT ON solutions FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
CREATE TRIGGER generation_models_ins AFTER INSERT ON model_versions FOR EACH ROW
    IF @deskpilot_batch IS NULL THEN UPDATE generation SET n = n + 1 WHERE id = 1; END IF;
