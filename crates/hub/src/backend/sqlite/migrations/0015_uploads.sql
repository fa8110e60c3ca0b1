-- Files agents attach: received in sealed chunks (no file is held whole in
-- memory), checked against WhatsApp's types and limits, then sent by the
-- message that names them. `body` seals the file's name; Meta's media id is
-- kept once uploaded, so a retried send does not upload again.
CREATE TABLE uploads (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL,
  agent_id        INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  mime_type       TEXT NOT NULL,
  size            INTEGER NOT NULL,
  sha256          TEXT NOT NULL,
  chunks          INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  message_id      INTEGER UNIQUE,
  graph_media_id  TEXT,
  body            BLOB NOT NULL,
  key_id          INTEGER NOT NULL
);
CREATE INDEX uploads_unsent ON uploads (created_at) WHERE message_id IS NULL;
CREATE TABLE upload_chunks (
  id        INTEGER PRIMARY KEY,
  upload_id INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  body      BLOB NOT NULL,
  key_id    INTEGER NOT NULL,
  UNIQUE (upload_id, seq)
);
