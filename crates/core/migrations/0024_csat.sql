-- Satisfaction survey (issue 29): the customer's answer (3 good, 2 OK,
-- 1 poor), as the hub sent it, for the thread's header.
ALTER TABLE conversations ADD COLUMN csat INTEGER;
-- And each inbox's survey question, kept with its hours.
ALTER TABLE inboxes ADD COLUMN csat_question TEXT;
