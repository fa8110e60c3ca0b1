-- Canned replies as the hub last listed them, for inserting offline.
CREATE TABLE canned_replies (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  shortcut TEXT NOT NULL,
  body     TEXT NOT NULL
);
