-- Where the hub is with a message's media, and the bytes once this desktop
-- has fetched them (inside the encrypted database, so readable offline).
ALTER TABLE messages ADD COLUMN media_state TEXT;
ALTER TABLE messages ADD COLUMN media_mime TEXT;
CREATE TABLE media_cache (
  message_id INTEGER PRIMARY KEY,
  mime_type  TEXT NOT NULL,
  bytes      BLOB NOT NULL
);
