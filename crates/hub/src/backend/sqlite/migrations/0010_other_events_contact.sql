-- Events that are not messages (calls, echoes, preferences, account and
-- template updates): `digest` (SHA-256 of the field and the event's JSON)
-- keeps a redelivered event once; `wa_id` names the customer the event
-- concerns, so a contact's export and erasure find it. Older rows have
-- neither; erasure decrypts those to look for the number. Admins list the
-- alerts among them by field, newest first.
ALTER TABLE other_events ADD COLUMN digest BLOB;
ALTER TABLE other_events ADD COLUMN wa_id TEXT;
CREATE UNIQUE INDEX other_events_digest ON other_events (digest);
CREATE INDEX other_events_contact ON other_events (wa_id);
CREATE INDEX other_events_field ON other_events (field, id);
