-- What each message kind needs to be shown: its details (JSON, see
-- switchboard_protocol::Details), the message it quotes, what a reaction,
-- edit or deletion is about, the edited mark, the reactions a message has
-- received (JSON, kept as they come) and a download's size.
ALTER TABLE messages ADD COLUMN details TEXT;
ALTER TABLE messages ADD COLUMN reply_to INTEGER;
ALTER TABLE messages ADD COLUMN target INTEGER;
ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reactions TEXT;
ALTER TABLE messages ADD COLUMN media_size INTEGER;
