-- As the embedded store's 0013: customers' marketing preferences.
CREATE TABLE marketing_preferences (
  wa_id        TEXT PRIMARY KEY,
  opted_out_at BIGINT,
  updated_at   BIGINT NOT NULL
);
