-- Service levels (issue 29), first part. An inbox's business hours (JSON of
-- switchboard_protocol::BusinessHours, written by the hub from typed
-- values), its away reply (sent once per closed period to a customer who
-- writes while it is closed) and its greeting (sent on a new conversation).
-- A conversation may be snoozed: out of the views until snoozed_until, or
-- (when that is NULL) until the customer writes; a customer's message
-- always wakes it.
ALTER TABLE inboxes ADD COLUMN hours TEXT;
ALTER TABLE inboxes ADD COLUMN away_reply TEXT;
ALTER TABLE inboxes ADD COLUMN greeting TEXT;
ALTER TABLE conversations ADD COLUMN snoozed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_until BIGINT;
