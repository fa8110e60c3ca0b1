-- A queued reply may be an approved template (JSON: name, language, parameters).
ALTER TABLE outbox ADD COLUMN template TEXT;
