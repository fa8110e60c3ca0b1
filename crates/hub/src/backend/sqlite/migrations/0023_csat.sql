-- Satisfaction survey (issue 29): an inbox's question, asked on resolve
-- with three reply buttons; a conversation's answer (3 good, 2 OK, 1 poor),
-- when it came, and who resolved the conversation it rates.
ALTER TABLE inboxes ADD COLUMN csat_question TEXT;
ALTER TABLE conversations ADD COLUMN csat INTEGER;
ALTER TABLE conversations ADD COLUMN csat_at INTEGER;
ALTER TABLE conversations ADD COLUMN csat_agent INTEGER;
