-- A reply can carry a file: its bytes wait in the encrypted store, a chunk
-- per row, until the hub has them (`upload_id`) and the reply is sent; they
-- go with the outbox entry, however it goes (sent, discarded, revoked).
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_mime TEXT;
ALTER TABLE outbox ADD COLUMN attachment_size INTEGER;
ALTER TABLE outbox ADD COLUMN upload_id INTEGER;
CREATE TABLE outbox_chunks (
  client_message_id TEXT NOT NULL,
  seq               INTEGER NOT NULL,
  bytes             BLOB NOT NULL,
  PRIMARY KEY (client_message_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER outbox_chunks_follow AFTER DELETE ON outbox BEGIN
  DELETE FROM outbox_chunks WHERE client_message_id = old.client_message_id;
END;
