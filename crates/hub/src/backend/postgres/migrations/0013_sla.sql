-- Service-level targets (issue 29). Admins' policies (each for an inbox, a
-- team, a label or every conversation); each conversation's pending due
-- times (unix seconds, counted in its inbox's business hours) and whether
-- it was answered since the customer opened it; and every target met or
-- missed, for reports (one row per conversation, target and due time: the
-- sweep that records a breach and the reply that ends it meet on it).
CREATE TABLE sla_policies (
  id                  BIGSERIAL PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  inbox               TEXT,
  team_id             BIGINT REFERENCES teams(id),
  label_id            BIGINT REFERENCES labels(id),
  first_response_secs BIGINT,
  next_response_secs  BIGINT,
  resolution_secs     BIGINT,
  created_at          BIGINT NOT NULL
);
ALTER TABLE conversations ADD COLUMN responded BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_response_due BIGINT;
ALTER TABLE conversations ADD COLUMN next_response_due BIGINT;
ALTER TABLE conversations ADD COLUMN resolution_due BIGINT;
CREATE INDEX conversations_first_response_due ON conversations (first_response_due) WHERE first_response_due IS NOT NULL;
CREATE INDEX conversations_next_response_due ON conversations (next_response_due) WHERE next_response_due IS NOT NULL;
CREATE INDEX conversations_resolution_due ON conversations (resolution_due) WHERE resolution_due IS NOT NULL;
CREATE TABLE sla_events (
  conversation_id BIGINT NOT NULL,
  kind            TEXT NOT NULL,
  due_at          BIGINT NOT NULL,
  done_at         BIGINT,
  met             BIGINT NOT NULL,
  agent_id        BIGINT,
  team_id         BIGINT,
  inbox           TEXT NOT NULL,
  PRIMARY KEY (conversation_id, kind, due_at)
);
CREATE INDEX sla_events_by_due ON sla_events (due_at);
