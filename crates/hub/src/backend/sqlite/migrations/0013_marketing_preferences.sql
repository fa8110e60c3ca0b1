-- A customer's choice about marketing messages (WhatsApp's
-- `user_preferences`): opted out since `opted_out_at`, or NULL after a
-- resume. `updated_at` is the event's own time, so a late, older event
-- does not undo a newer choice. Erased with the contact.
CREATE TABLE marketing_preferences (
  wa_id        TEXT PRIMARY KEY,
  opted_out_at INTEGER,
  updated_at   INTEGER NOT NULL
);
