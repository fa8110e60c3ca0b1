-- Since when the customer wants no marketing messages (the hub says).
ALTER TABLE conversations ADD COLUMN marketing_opt_out INTEGER;
