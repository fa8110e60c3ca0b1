-- As the embedded store's 0011: canned replies.
CREATE TABLE canned_replies (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT NOT NULL,
  shortcut   TEXT NOT NULL UNIQUE,
  body       TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
