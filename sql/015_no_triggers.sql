-- No triggers: a server with binary logging (MySQL 8's default, and many hosts')
-- refuses CREATE TRIGGER to an account without SUPER, so the schema must not need
-- them. What they did is done by the writers in lib/db, in the same transaction: the
-- cache generation (db_generation_bump) and the hourly ticket count
-- (db_tickets_count_quota). Installations made before this had them: they go. Each
-- DROP runs only where its trigger exists, since such a server refuses even
-- DROP TRIGGER IF EXISTS to that account.
BEGIN NOT ATOMIC
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_settings_ins') THEN DROP TRIGGER generation_settings_ins; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_settings_upd') THEN DROP TRIGGER generation_settings_upd; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_settings_del') THEN DROP TRIGGER generation_settings_del; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_intents_ins') THEN DROP TRIGGER generation_intents_ins; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_intents_upd') THEN DROP TRIGGER generation_intents_upd; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_intents_del') THEN DROP TRIGGER generation_intents_del; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_solutions_ins') THEN DROP TRIGGER generation_solutions_ins; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'generation_models_ins') THEN DROP TRIGGER generation_models_ins; END IF;
    IF EXISTS (SELECT 1 FROM information_schema.triggers WHERE trigger_schema = DATABASE()
               AND trigger_name = 'tickets_quota_count') THEN DROP TRIGGER tickets_quota_count; END IF;
END;
