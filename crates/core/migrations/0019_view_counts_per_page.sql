-- The view counts of a conversation's insert or update are kept by the page
-- that applies it (store/apply.rs), once per (holder, status) per page: each
-- row trigger made its statement keep a journal of every page it touched
-- (16 KiB each), which cost more than the write itself on a catch-up. A
-- revoked conversation's row still leaves the counts by its delete trigger.
DROP TRIGGER view_counts_insert;
DROP TRIGGER view_counts_update;
