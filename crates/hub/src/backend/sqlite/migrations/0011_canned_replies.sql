-- Canned replies: texts admins write once for every agent to insert by
-- typing `/` and their shortcut. Business wording, not a customer's data:
-- kept as written.
CREATE TABLE canned_replies (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  shortcut   TEXT NOT NULL UNIQUE,
  body       TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
