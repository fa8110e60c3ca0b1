-- Service levels (issue 29), first part. Each inbox's business hours, away
-- reply and greeting as the hub listed them (hours: JSON this store wrote
-- from typed values), so "open until 18:00" is known offline. A snoozed
-- conversation is out of the views until snoozed_until (or, when NULL,
-- until the customer writes); this copy wakes the ones whose time came by
-- itself (Store::wake_snoozed), with or without the hub.
ALTER TABLE inboxes ADD COLUMN hours TEXT;
ALTER TABLE inboxes ADD COLUMN away_reply TEXT;
ALTER TABLE inboxes ADD COLUMN greeting TEXT;
ALTER TABLE conversations ADD COLUMN snoozed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
CREATE INDEX conversations_snoozed ON conversations (last_message_at DESC, id DESC) WHERE snoozed <> 0;
-- A snoozed conversation is counted in its holder's 'snoozed' cell of
-- view_counts, not its 'open' one (store/apply.rs keeps the cells).
DROP TRIGGER view_counts_delete;
CREATE TRIGGER view_counts_delete AFTER DELETE ON conversations BEGIN
  UPDATE view_counts SET conversations = conversations - 1, unread = unread - old.unread
   WHERE holder = COALESCE(old.assignee, 0)
     AND status = CASE WHEN old.snoozed <> 0 THEN 'snoozed' ELSE old.status END;
END;
