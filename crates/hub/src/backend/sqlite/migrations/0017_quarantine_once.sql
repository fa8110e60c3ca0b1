-- A quarantined body redelivered (Meta delivers at least once, and retries
-- what was not answered 200) is kept once: `digest` is the SHA-256 of the
-- body, as other_events keeps for its redeliveries. Rows kept before have
-- none and stay as they are.
ALTER TABLE quarantine ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX quarantine_digest ON quarantine (digest);
