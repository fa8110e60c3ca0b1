-- A reply on its way to the hub right now (shown as "sending", not "queued").
ALTER TABLE outbox ADD COLUMN sending INTEGER NOT NULL DEFAULT 0;
