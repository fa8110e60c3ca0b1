-- Labels as the hub lists them, the labels on each conversation (also as
-- JSON on the conversation row, for the list), and an index to page a
-- label's view and count it.
ALTER TABLE conversations ADD COLUMN labels TEXT;
CREATE TABLE labels (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL,
  colour TEXT NOT NULL
);
CREATE TABLE conversation_labels (
  conversation_id INTEGER NOT NULL,
  label_id        INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, label_id)
) WITHOUT ROWID;
CREATE INDEX conversation_labels_label ON conversation_labels (label_id, conversation_id);
