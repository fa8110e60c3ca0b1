-- The full-text index is fed by the store's code, once per applied page and
-- once per revoked conversation, no longer row by row through triggers (FTS5
-- flushes its pending index at every statement that changes it inside a
-- transaction). The index is unchanged: it still mirrors `messages.text`.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
