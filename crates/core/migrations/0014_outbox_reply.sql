-- A reply written here that quotes one of the conversation's messages.
ALTER TABLE outbox ADD COLUMN reply_to INTEGER;
