-- The feedback loop: what the pipeline predicted (the intent column may be corrected
-- by agents later), whether an automatic answer was reopened, and each intent's
-- measured precision since it was last (re-)enabled.
ALTER TABLE tickets
    ADD COLUMN predicted_intent VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER intent,
    ADD COLUMN auto_reopened TINYINT(1) NOT NULL DEFAULT 0 AFTER reusable,
    ADD KEY tickets_decision (decision, created_at),
    ADD KEY tickets_resolved (response_source, status, id);

ALTER TABLE intents
    ADD COLUMN auto_helpful INT UNSIGNED NOT NULL DEFAULT 0 AFTER paused_reason,
    ADD COLUMN auto_unhelpful INT UNSIGNED NOT NULL DEFAULT 0 AFTER auto_helpful;
