-- Webhook events the inbox does not act on (template status updates,
-- account alerts, value-level errors, ...): kept, sealed, for admins.
CREATE TABLE other_events (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  field       TEXT NOT NULL,
  body        BLOB NOT NULL,
  key_id      INTEGER NOT NULL
);
