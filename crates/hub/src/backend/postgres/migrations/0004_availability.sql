-- As the embedded store's 0012: availability and auto-assignment.
ALTER TABLE agents ADD COLUMN available BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN last_assigned BIGINT NOT NULL DEFAULT 0;
CREATE INDEX conversations_holder ON conversations (assignee, status);
