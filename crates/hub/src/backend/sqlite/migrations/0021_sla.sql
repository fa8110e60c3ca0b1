-- Service-level targets (issue 29). Admins' policies (each for an inbox, a
-- team, a label or every conversation); each conversation's pending due
-- times (unix seconds, counted in its inbox's business hours) and whether
-- it was answered since the customer opened it; and every target met or
-- missed, for reports (one row per conversation, target and due time: the
-- sweep that records a breach and the reply that ends it meet on it).
CREATE TABLE sla_policies (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  inbox               TEXT,
  team_id             INTEGER REFERENCES teams(id),
  label_id            INTEGER REFERENCES labels(id),
  first_response_secs INTEGER,
  next_response_secs  INTEGER,
  resolution_secs     INTEGER,
  created_at          INTEGER NOT NULL
);
ALTER TABLE conversations ADD COLUMN responded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_response_due INTEGER;
ALTER TABLE conversations ADD COLUMN next_response_due INTEGER;
ALTER TABLE conversations ADD COLUMN resolution_due INTEGER;
CREATE INDEX conversations_first_response_due ON conversations (first_response_due) WHERE first_response_due IS NOT NULL;
CREATE INDEX conversations_next_response_due ON conversations (next_response_due) WHERE next_response_due IS NOT NULL;
CREATE INDEX conversations_resolution_due ON conversations (resolution_due) WHERE resolution_due IS NOT NULL;
CREATE TABLE sla_events (
  conversation_id INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  due_at          INTEGER NOT NULL,
  done_at         INTEGER,
  met             INTEGER NOT NULL,
  agent_id        INTEGER,
  team_id         INTEGER,
  inbox           TEXT NOT NULL,
  PRIMARY KEY (conversation_id, kind, due_at)
);
CREATE INDEX sla_events_by_due ON sla_events (due_at);
