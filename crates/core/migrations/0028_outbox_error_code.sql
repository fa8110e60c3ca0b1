-- Why the hub refused a reply, as its code (issue 30): the app says the
-- reason in the agent's language when the code always means the same.
ALTER TABLE outbox ADD COLUMN last_error_code TEXT;
