-- As the embedded store's 0016: customers' media in sealed chunks.
ALTER TABLE media ADD COLUMN chunks BIGINT;
CREATE TABLE media_chunks (
  id         BIGSERIAL PRIMARY KEY,
  message_id BIGINT NOT NULL,
  seq        BIGINT NOT NULL,
  body       BYTEA NOT NULL,
  key_id     BIGINT NOT NULL,
  UNIQUE (message_id, seq)
);
