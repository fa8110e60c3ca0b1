-- Teams and inboxes (issue 28): each conversation's business number and
-- team, for the role table's check and the views by team; and the lists of
-- teams and inboxes, for their names.
ALTER TABLE conversations ADD COLUMN inbox TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN team_id INTEGER;
CREATE INDEX conversations_by_team ON conversations (team_id, status, last_message_at DESC, id DESC);
