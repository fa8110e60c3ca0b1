-- As the embedded store's 0017: a quarantined body is kept once.
ALTER TABLE quarantine ADD COLUMN digest BYTEA;
CREATE UNIQUE INDEX quarantine_digest ON quarantine (digest);
