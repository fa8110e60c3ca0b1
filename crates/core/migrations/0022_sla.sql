-- Service-level targets (issue 29): each conversation's nearest pending due
-- time and which target it is, as the hub set them; the "Due soon" and
-- "Overdue" views read them against this computer's clock (right offline).
-- due_warned is the due time this desktop last warned its holder about.
ALTER TABLE conversations ADD COLUMN due_at INTEGER;
ALTER TABLE conversations ADD COLUMN due_kind TEXT;
ALTER TABLE conversations ADD COLUMN due_warned INTEGER;
CREATE INDEX conversations_by_due ON conversations (due_at) WHERE due_at IS NOT NULL;
