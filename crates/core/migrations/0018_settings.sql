-- The user's own settings for this copy (the largest file fetched without
-- asking, …), by name.
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
