-- What the list shows is kept on the conversation as changes are applied,
-- never computed per read: the last message's preview, direction and state,
-- and which message that was (timestamp, id), so an older one never wins.
ALTER TABLE conversations ADD COLUMN preview TEXT;
ALTER TABLE conversations ADD COLUMN last_direction TEXT;
ALTER TABLE conversations ADD COLUMN last_status TEXT;
ALTER TABLE conversations ADD COLUMN preview_at INTEGER;
ALTER TABLE conversations ADD COLUMN preview_id INTEGER;
UPDATE conversations SET (preview, last_direction, last_status, preview_at, preview_id) = (
  SELECT m.text, m.direction, m.status, m.timestamp, m.id FROM messages m
   WHERE m.conversation_id = conversations.id ORDER BY m.timestamp DESC, m.id DESC LIMIT 1);

-- Each view pages by (last activity, id) on its own index, never OFFSET.
DROP INDEX conversations_recent;
CREATE INDEX conversations_by_status ON conversations (status, last_message_at DESC, id DESC);
CREATE INDEX conversations_by_holder ON conversations (status, assignee, last_message_at DESC, id DESC);

-- Counts per (holder, status), kept by triggers, so the views' counts and the
-- unread total are one read of a few rows. holder 0 is the unassigned queue.
CREATE TABLE view_counts (
  holder        INTEGER NOT NULL,
  status        TEXT NOT NULL,
  conversations INTEGER NOT NULL,
  unread        INTEGER NOT NULL,
  PRIMARY KEY (holder, status)
) WITHOUT ROWID;
INSERT INTO view_counts (holder, status, conversations, unread)
  SELECT COALESCE(assignee, 0), status, count(*), COALESCE(sum(unread), 0) FROM conversations GROUP BY 1, 2;

CREATE TRIGGER view_counts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO view_counts (holder, status, conversations, unread)
    VALUES (COALESCE(new.assignee, 0), new.status, 1, new.unread)
    ON CONFLICT (holder, status) DO UPDATE SET conversations = conversations + 1, unread = unread + excluded.unread;
END;
CREATE TRIGGER view_counts_delete AFTER DELETE ON conversations BEGIN
  UPDATE view_counts SET conversations = conversations - 1, unread = unread - old.unread
   WHERE holder = COALESCE(old.assignee, 0) AND status = old.status;
END;
CREATE TRIGGER view_counts_update AFTER UPDATE OF assignee, status, unread ON conversations BEGIN
  UPDATE view_counts SET conversations = conversations - 1, unread = unread - old.unread
   WHERE holder = COALESCE(old.assignee, 0) AND status = old.status;
  INSERT INTO view_counts (holder, status, conversations, unread)
    VALUES (COALESCE(new.assignee, 0), new.status, 1, new.unread)
    ON CONFLICT (holder, status) DO UPDATE SET conversations = conversations + 1, unread = unread + excluded.unread;
END;
