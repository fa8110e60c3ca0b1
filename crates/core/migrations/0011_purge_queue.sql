-- Conversations this desktop may no longer read whose messages are still on
-- disk. Revoking removes the conversation row at once (so nothing of it is
-- listed, shown or found: every read goes through the conversation) and
-- queues it here; its messages, their index entries and words and its cached
-- media leave in small steps after the sync round (Store::purge_step), so a
-- revocation never holds the store for as long as its history is large.
CREATE TABLE purge_queue (
  conversation_id INTEGER PRIMARY KEY
);
