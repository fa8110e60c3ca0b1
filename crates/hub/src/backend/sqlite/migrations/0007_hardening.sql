-- When a token was first used: that use is the agent's sign-in (audited once).
ALTER TABLE tokens ADD COLUMN first_used_at INTEGER;
-- Disabling an agent now revokes its tokens, so enabling it again revives
-- none of them. Agents disabled before this rule get the same treatment.
UPDATE tokens SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)
 WHERE revoked_at IS NULL AND agent_id IN (SELECT id FROM agents WHERE disabled = 1);
