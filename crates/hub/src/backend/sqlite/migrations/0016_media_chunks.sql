-- Customers' media kept as sealed chunks of 1 MiB, read and opened a chunk
-- at a time when served (issue 24.6: a whole file per response let stalled
-- downloads hold gigabytes). Media fetched before this keeps its whole
-- `media.body` and is still served from it.
ALTER TABLE media ADD COLUMN chunks INTEGER;
CREATE TABLE media_chunks (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  body       BLOB NOT NULL,
  key_id     INTEGER NOT NULL,
  UNIQUE (message_id, seq)
);
