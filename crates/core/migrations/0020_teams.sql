-- Teams and inboxes (issue 28): each conversation's business number and
-- team, for the role table's check and the views by team; and the lists of
-- teams and inboxes, for their names.
ALTER TABLE conversations ADD COLUMN inbox TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN team_id INTEGER;
CREATE INDEX conversations_by_team ON conversations (team_id, status, last_message_at DESC, id DESC);
CREATE TABLE teams (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL,
  -- The members as the hub listed them ([{agent_id, lead}], JSON this
  -- store wrote from typed values).
  members TEXT NOT NULL
);
CREATE TABLE inboxes (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  team_id INTEGER
);
