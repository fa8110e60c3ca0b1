-- A private note written here waits in the outbox like a reply (`note`),
-- and the team's names (for a note's author, mentions and assignees) are
-- kept for reading offline.
ALTER TABLE outbox ADD COLUMN note INTEGER NOT NULL DEFAULT 0;
CREATE TABLE team (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
-- The newest WhatsApp alert this admin's desktop has told of (NULL: never
-- looked; the first look only records where the list stands).
ALTER TABLE sync_state ADD COLUMN alerts_seen INTEGER;
