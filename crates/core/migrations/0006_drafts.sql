-- What the agent was writing in each conversation, kept across restarts
-- (inside the encrypted store, like everything else).
CREATE TABLE drafts (
  conversation_id INTEGER PRIMARY KEY,
  text            TEXT NOT NULL,
  updated_at      INTEGER NOT NULL
);
