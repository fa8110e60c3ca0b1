-- Agents say whether they are available for new conversations; with
-- auto-assignment on, new conversations go round-robin (the one assigned
-- longest ago first: `last_assigned`, a counter) to available agents under
-- the per-agent limit of open conversations.
ALTER TABLE agents ADD COLUMN available INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN last_assigned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_holder ON conversations (assignee, status);
