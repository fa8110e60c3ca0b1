-- The outbound queue lives on the message rows themselves.
-- send_state: 'queued' (due at next_attempt_at), 'in_flight' (Graph API call
-- under way: after a crash its outcome is unknown), 'done'.
ALTER TABLE messages ADD COLUMN send_state TEXT;
ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN next_attempt_at INTEGER;
CREATE INDEX messages_send_queue ON messages (send_state, next_attempt_at) WHERE send_state IS NOT NULL;
