-- As the embedded store's 0010: a redelivered event is kept once (`digest`),
-- and an event names the customer it concerns (`wa_id`) for export and
-- erasure.
ALTER TABLE other_events ADD COLUMN digest BYTEA;
ALTER TABLE other_events ADD COLUMN wa_id TEXT;
CREATE UNIQUE INDEX other_events_digest ON other_events (digest);
CREATE INDEX other_events_contact ON other_events (wa_id);
CREATE INDEX other_events_field ON other_events (field, id);
