CREATE TABLE agents (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
  disabled   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE tokens (
  id         INTEGER PRIMARY KEY,
  agent_id   INTEGER NOT NULL REFERENCES agents(id),
  hash       BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE conversations (
  id              INTEGER PRIMARY KEY,
  phone_number_id TEXT NOT NULL,
  wa_id           TEXT NOT NULL,
  contact_name    TEXT,
  assignee        INTEGER REFERENCES agents(id),
  status          TEXT NOT NULL DEFAULT 'open',
  unread          INTEGER NOT NULL DEFAULT 0,
  last_inbound_at INTEGER,
  last_message_at INTEGER NOT NULL,
  UNIQUE (phone_number_id, wa_id)
);

-- body and raw are AES-256-GCM (nonce || ciphertext) under content key key_id.
CREATE TABLE messages (
  id                INTEGER PRIMARY KEY,
  conversation_id   INTEGER NOT NULL REFERENCES conversations(id),
  direction         TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind              TEXT NOT NULL,
  body              BLOB,
  raw               BLOB,
  key_id            INTEGER NOT NULL,
  wamid             TEXT UNIQUE,
  client_message_id TEXT UNIQUE,
  status            TEXT NOT NULL,
  error             TEXT,
  timestamp         INTEGER NOT NULL,
  sent_by           INTEGER REFERENCES agents(id)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, timestamp, id);

-- Every status webhook once (Meta re-delivers); kept even when the wamid is
-- not known yet, so a status that outruns the send answer is applied later.
CREATE TABLE status_events (
  wamid     TEXT NOT NULL,
  status    TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  error     TEXT,
  PRIMARY KEY (wamid, status, timestamp)
);

-- Signed bodies the hub could not parse, and events it does not act on.
CREATE TABLE quarantine (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  body        BLOB NOT NULL,
  key_id      INTEGER NOT NULL
);

-- The change feed: desktops pull it in seq order.
CREATE TABLE changes (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('conversation', 'message', 'revoked')),
  message_id      INTEGER
);
