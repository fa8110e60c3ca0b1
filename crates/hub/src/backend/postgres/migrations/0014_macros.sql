-- Macros (issue 29): a named sequence of steps (JSON of
-- switchboard_protocol::MacroStep, written by the hub from typed values).
CREATE TABLE macros (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  steps      TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
