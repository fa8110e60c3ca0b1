CREATE TABLE conversations (
  id              INTEGER PRIMARY KEY,
  wa_id           TEXT NOT NULL,
  contact_name    TEXT,
  assignee        INTEGER,
  status          TEXT NOT NULL,
  unread          INTEGER NOT NULL DEFAULT 0,
  last_inbound_at INTEGER,
  last_message_at INTEGER NOT NULL
);
CREATE INDEX conversations_recent ON conversations (last_message_at DESC, id DESC);

CREATE TABLE messages (
  id                INTEGER PRIMARY KEY,
  conversation_id   INTEGER NOT NULL,
  direction         TEXT NOT NULL,
  kind              TEXT NOT NULL,
  text              TEXT,
  wamid             TEXT,
  client_message_id TEXT UNIQUE,
  status            TEXT NOT NULL,
  error             TEXT,
  timestamp         INTEGER NOT NULL,
  sent_by           INTEGER
);
CREATE INDEX messages_page ON messages (conversation_id, timestamp, id);

-- Replies written on this desktop and not yet accepted by the hub.
CREATE TABLE outbox (
  client_message_id TEXT PRIMARY KEY,
  conversation_id   INTEGER NOT NULL,
  text              TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  failed            INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT
);

CREATE TABLE sync_state (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  cursor INTEGER NOT NULL
);
INSERT INTO sync_state (id, cursor) VALUES (1, 0);
