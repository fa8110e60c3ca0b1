-- Labels admins define (a name and a colour) and agents put on the
-- conversations they may act on; desktops list a view per label.
CREATE TABLE labels (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  colour TEXT NOT NULL
);
CREATE TABLE conversation_labels (
  conversation_id INTEGER NOT NULL,
  label_id        INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label_id);
