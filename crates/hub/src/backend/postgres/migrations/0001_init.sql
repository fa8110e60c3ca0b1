-- The hub's schema on PostgreSQL: the same tables and columns as the
-- embedded store after its migrations 0001-0009 (every integer a BIGINT,
-- bytes as BYTEA), so the store's statements (crates/hub/src/store) run on
-- both. Sealed columns (body, raw) hold AES-256-GCM output as on SQLite.

CREATE TABLE agents (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
  disabled   BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE tokens (
  id            BIGSERIAL PRIMARY KEY,
  agent_id      BIGINT NOT NULL REFERENCES agents(id),
  hash          BYTEA NOT NULL UNIQUE,
  created_at    BIGINT NOT NULL,
  expires_at    BIGINT NOT NULL,
  revoked_at    BIGINT,
  label         TEXT NOT NULL DEFAULT '',
  first_used_at BIGINT
);

CREATE TABLE conversations (
  id              BIGSERIAL PRIMARY KEY,
  phone_number_id TEXT NOT NULL,
  wa_id           TEXT NOT NULL,
  contact_name    TEXT,
  assignee        BIGINT REFERENCES agents(id),
  status          TEXT NOT NULL DEFAULT 'open',
  unread          BIGINT NOT NULL DEFAULT 0,
  last_inbound_at BIGINT,
  last_message_at BIGINT NOT NULL,
  UNIQUE (phone_number_id, wa_id)
);

CREATE TABLE messages (
  id                BIGSERIAL PRIMARY KEY,
  conversation_id   BIGINT NOT NULL REFERENCES conversations(id),
  direction         TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind              TEXT NOT NULL,
  body              BYTEA,
  raw               BYTEA,
  key_id            BIGINT NOT NULL,
  wamid             TEXT UNIQUE,
  client_message_id TEXT UNIQUE,
  status            TEXT NOT NULL,
  error             TEXT,
  timestamp         BIGINT NOT NULL,
  sent_by           BIGINT REFERENCES agents(id),
  send_state        TEXT,
  attempts          BIGINT NOT NULL DEFAULT 0,
  next_attempt_at   BIGINT,
  edited            BIGINT NOT NULL DEFAULT 0,
  -- The hub sending it, and until when (see store/outbound.rs).
  lease_owner       TEXT,
  lease_until       BIGINT
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, timestamp, id);
CREATE INDEX messages_send_queue ON messages (send_state, next_attempt_at) WHERE send_state IS NOT NULL;

CREATE TABLE status_events (
  wamid     TEXT NOT NULL,
  status    TEXT NOT NULL,
  timestamp BIGINT NOT NULL,
  error     TEXT,
  PRIMARY KEY (wamid, status, timestamp)
);

CREATE TABLE quarantine (
  id          BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  body        BYTEA NOT NULL,
  key_id      BIGINT NOT NULL
);

-- The change feed. Appends are ordered by an advisory lock held to commit
-- (crates/hub/src/pg/feed.rs explains why no reader can skip a change).
CREATE TABLE changes (
  seq             BIGSERIAL PRIMARY KEY,
  conversation_id BIGINT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('conversation', 'message', 'revoked')),
  message_id      BIGINT
);

CREATE TABLE audit (
  id        BIGINT PRIMARY KEY,
  at        BIGINT NOT NULL,
  actor     BIGINT,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash BYTEA NOT NULL,
  hash      BYTEA NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TABLE media (
  message_id      BIGINT PRIMARY KEY REFERENCES messages(id),
  media_id        TEXT NOT NULL,
  mime_type       TEXT,
  sha256          TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'failed')),
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  error           TEXT,
  size            BIGINT,
  body            BYTEA,
  key_id          BIGINT,
  lease_owner     TEXT,
  lease_until     BIGINT
);
CREATE INDEX media_due ON media (state, next_attempt_at);

CREATE TABLE other_events (
  id          BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  field       TEXT NOT NULL,
  body        BYTEA NOT NULL,
  key_id      BIGINT NOT NULL
);

-- Send pacing shared by every hub (crates/hub/src/pg/pacing.rs).
CREATE TABLE pacing (
  key    TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at     DOUBLE PRECISION NOT NULL
);
