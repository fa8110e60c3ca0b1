-- Inbound media: fetched from the Graph API soon after the webhook (media ids
-- expire after 7 days), kept encrypted, retried until it succeeds or is
-- marked failed with the reason.
CREATE TABLE media (
  message_id      INTEGER PRIMARY KEY REFERENCES messages(id),
  media_id        TEXT NOT NULL,
  mime_type       TEXT,
  sha256          TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  error           TEXT,
  size            INTEGER,
  body            BLOB,
  key_id          INTEGER
);
CREATE INDEX media_due ON media (state, next_attempt_at);
