-- As the embedded store's 0014: labels.
CREATE TABLE labels (
  id     BIGSERIAL PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  colour TEXT NOT NULL
);
CREATE TABLE conversation_labels (
  conversation_id BIGINT NOT NULL,
  label_id        BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label_id);
