-- As the embedded store's 0015: uploads.
CREATE TABLE uploads (
  id              BIGSERIAL PRIMARY KEY,
  conversation_id BIGINT NOT NULL,
  agent_id        BIGINT NOT NULL,
  kind            TEXT NOT NULL,
  mime_type       TEXT NOT NULL,
  size            BIGINT NOT NULL,
  sha256          TEXT NOT NULL,
  chunks          BIGINT NOT NULL,
  created_at      BIGINT NOT NULL,
  message_id      BIGINT UNIQUE,
  graph_media_id  TEXT,
  body            BYTEA NOT NULL,
  key_id          BIGINT NOT NULL
);
CREATE INDEX uploads_unsent ON uploads (created_at) WHERE message_id IS NULL;
CREATE TABLE upload_chunks (
  id        BIGSERIAL PRIMARY KEY,
  upload_id BIGINT NOT NULL,
  seq       BIGINT NOT NULL,
  body      BYTEA NOT NULL,
  key_id    BIGINT NOT NULL,
  UNIQUE (upload_id, seq)
);
